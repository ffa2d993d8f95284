"""Listed persons in the full-text sweep (part of bench_sweep): recall of listed individuals' names
written into fictional CV lines as CVs write people (full name, dropped middle name, initials), and
false findings per page on pages of names nobody listed (synthetic people, US Congress members)
and on the synthetic CV corpus (tests/corpus, fictional people). Same content-hash halves as
bench_sweep. Reads ../shared/data by path; nothing is copied into the repo.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections import Counter
from pathlib import Path

from intake.records import Document, ListEntry, Page
from intake.screen.sweep import Sweeper, fold

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
PERSON_TYPES = {"person", "individual"}
LINES = [
    "I worked with {name} on fictional turbine control from 2017 to 2019.",
    "{name}, Q. Fictional and R. Example. A fictional study of mixing. J. Fict. Fluids 12, 2020.",
    "2018 - 2021  Postdoctoral researcher with {name}",
]


def natural(name: str) -> list[str]:
    """'SURNAME, Given Middle' as CVs write it: words in reading order, title-cased."""
    surname, comma, given = name.partition(",")
    words = (given.split() + surname.split()) if comma else name.split()
    return [w if not w.isupper() else w.title() for w in words]


def forms(entry: ListEntry) -> dict[str, str]:
    """The person's name as a CV writes it: full, without middle names, with initials."""
    words = natural(entry.name)
    out = {"full name": " ".join(words)}
    if len(words) >= 3:
        out["dropped middle"] = f"{words[0]} {words[-1]}"
    if len(words) >= 2:
        out["initials"] = " ".join(f"{w[0]}." for w in words[:-1]) + f" {words[-1]}"
    return out


def page(lines: list[str], sha: str) -> Document:
    return Document(source_path="bench", file_name="bench.txt", sha256=sha, media_type="txt",
                    pages=[Page(number=1, text="\n".join(lines))])


def person_recall(reference, sweeper: Sweeper, part_of, part: bool, n: int, rng: random.Random) -> Counter[str]:
    """Share of listed individuals found, per way of writing the name (a hit: any sweep mention of
    an entry with the same folded name)."""
    people = [e for e in reference.entries if e.entity_type in PERSON_TYPES and e.name.isascii()
              and 2 <= len(natural(e.name)) <= 4 and part_of(e.name) == part]
    found, total = Counter(), Counter()
    for entry in rng.sample(people, min(n, len(people))):
        for kind, name in forms(entry).items():
            lines = [rng.choice(LINES).format(name=name)]
            hits = {fold(m.match.entry.name) for m in sweeper.sweep(page(lines, "p" * 64), reference.matcher)}
            total[kind] += 1
            found[kind] += fold(entry.name) in hits
            # baseline: the matcher alone on the bare name (what LISTED_PERSON sees for the subject)
            found[f"alone {kind}"] += fold(entry.name) in {fold(m.entry.name) for m in reference.matcher.match(name, "person")}
    return Counter({k: found[k] / total[k.removeprefix("alone ")] for k in found}) | Counter({f"n {k}": total[k] for k in total})


def read_names(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [r[column] for r in csv.DictReader(fh) if r.get(column)]


def name_pages(names: list[str], rng: random.Random, n_pages: int) -> list[Document]:
    """Pages of ~40 lines, each naming three people nobody listed, in the person lines' shapes."""
    pool = iter(rng.sample(names, min(len(names), n_pages * 40)))
    pages = []
    for i in range(n_pages):
        lines = []
        for _ in range(40):
            a, b, c = next(pool, "A. Fictive"), next(pool, "B. Fictive"), next(pool, "C. Fictive")
            lines.append(rng.choice(LINES).format(name=a) + f" With {b} and {c}.")
        pages.append(page(lines, f"{i:064x}"))
    return pages


def corpus_pages(n_cvs: int = 30) -> list[Document]:
    """Pages of the synthetic CV corpus (fictional people; tests/corpus/generate.py)."""
    from intake.documents import ReadLimits, read_document
    from tests.corpus.generate import generate

    with tempfile.TemporaryDirectory(prefix="rsi-sweep-") as tmp:
        manifest = generate(Path(tmp), n=n_cvs, forms=False)
        docs = [read_document(Path(tmp) / f, ReadLimits()) for case in manifest["cases"] for f in case["files"].values()]
    return docs


def person_false(reference, sweeper: Sweeper, docs: list[Document]) -> tuple[float, int, list[str]]:
    """(person findings per page, pages, examples): one per document and listed person."""
    seen: set[tuple[str, str]] = set()
    examples = []
    pages = sum(len(d.pages) for d in docs)
    for doc in docs:
        for m in sweeper.sweep(doc, reference.matcher):
            if m.method == "person" and (doc.sha256, m.match.entry.entry_id) not in seen:
                seen.add((doc.sha256, m.match.entry.entry_id))
                if len(examples) < 8:
                    examples.append(f"{m.match.query!r} -> {m.match.entry.name} ({m.match.score})")
    return len(seen) / max(1, pages), pages, examples


def report(reference, sweeper: Sweeper, part_of, label: str, part: bool, rng: random.Random,
           n_people: int = 300, n_pages: int = 30) -> None:
    """Print the person tables for one half."""
    rates = person_recall(reference, sweeper, part_of, part, n_people, rng)
    print(f"[{label}] listed persons in text, sweep / matcher alone on the bare name: " + ", ".join(
        f"{k} {rates[k]:.3f} / {rates[f'alone {k}']:.3f} (n {rates[f'n {k}']})"
        for k in ("full name", "dropped middle", "initials")))
    negatives = DATA / "benign" / "persons-synthetic"
    sets = {
        "synthetic US": read_names(negatives / "negatives_us.csv", "full_name"),
        "synthetic global": read_names(negatives / "negatives_global.csv", "full_name"),
        "US Congress": read_names(DATA / "benchmarks" / "yente_positives_us_congress_untreated.csv", "full_name"),
    }
    for name, names in sets.items():
        names = [n for n in names if part_of(n) == part]
        rate, pages, examples = person_false(reference, sweeper, name_pages(names, rng, n_pages))
        print(f"[{label}] {name} pages ({pages} x 40 lines, 3 people a line): {rate:.3f} false person findings/page"
              + "".join(f"\n    {e}" for e in examples[:4]))
