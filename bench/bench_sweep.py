"""Full-text sweep benchmark: recall of listed names embedded in CV-like text, false findings per
benign page, cost per page; the baseline is the naive sweep (the matcher on every whole line),
measured in the same run.

Recall: names and aliases of listed organisations (SDN entities, Entity List and other KAIST rows,
DoD 1260H/1286, ASPI) are written into fictional CV pages in five layouts: a position line, prose,
a heading on the same line as the entry, two columns read side by side, and a name broken over
two lines by a narrow column. A hit is a sweep mention of the same listed body on that line.
Benign: pages of real affiliation strings (ROR affiliation-matching files) and world university
names, each of which the matcher alone does not match (and whose ROR record is no listed entry),
placed in the same layouts with fictional filler: every sweep mention there is a false finding the
sweep added. Half of the material is dev (used while building), half held out (reported).
Reads ../shared/data by path; nothing is copied into the repo.
"""

from __future__ import annotations

import json
import random
import time
import zlib
from collections import Counter
from collections.abc import Callable

from bench import bench_sweep_persons
from bench.bench_affiliations import DATA, REPO, Listed, load_ror, mapped, read_strings
from bench.bench_screening import reference_files, variants
from intake.records import Document, Match, Page
from intake.screen.lists import load_reference
from intake.screen.rules_text import entry_key
from intake.screen.sweep import Mention, SweepStats, fold
from intake.screen.sweep_text import LEGAL_FORMS, STOP

THRESHOLD: float | None = None  # the matcher's fitted default, as the product screens
MISSES: list[str] = []
VMISSES: list[str] = []
UNIVERSITIES = DATA / "benign" / "world_universities_and_domains.json"
LINES_PER_PAGE = 40
FILLER = [
    "Research interests: fluid dynamics, control theory and machine learning for fictional systems.",
    "Q. Fictional, R. Example and S. Sample. A fictional study of turbulent mixing. J. Fict. Fluids 12, 2020.",
    "Reviewer for several journals; member of the programme committee of two conferences.",
    "Teaching: Thermodynamics (undergraduate), Advanced Control (graduate), 2016 - present",
    "Languages: English (fluent), Spanish (intermediate)",
    "Supervised 6 PhD students and 11 MSc theses.",
    "Grant: Fictional Science Foundation, award 1234567, USD 450,000, 2021-2024 (PI)",
    "OUR HIT RATE, THE MIT LICENSE AND IEEE STANDARDS ARE DISCUSSED IN CHAPTER 3.",
]


def held_out(text: str) -> bool:
    """Deterministic half split by content (crc32), the same in every run."""
    return zlib.crc32(text.encode("utf-8")) % 2 == 1


def layouts(name: str, rng: random.Random) -> list[tuple[str, list[str], int]]:
    """(layout, lines, index of the line that names it) for one name."""
    words = name.split()
    cut = max(1, len(words) // 2)
    left = rng.choice(FILLER)[:38].ljust(40)
    out = [
        ("position", [f"2016 - 2019  Senior Researcher, {name}"], 0),
        ("prose", [f"From 2019 I was a visiting researcher at {name} before moving on."], 0),
        ("heading", [f"EMPLOYMENT 2019-present Professor, {name}"], 0),
        ("two columns", [f"{left}    {name}"], 0),
    ]
    if len(words) >= 2:
        out.append(("broken", ["2012-2015 Research Fellow at", " ".join(words[:cut]), " ".join(words[cut:])], 1))
    return out


def page_of(lines: list[str], sha: str) -> Document:
    return Document(source_path="bench", file_name="bench.txt", sha256=sha, media_type="txt",
                    pages=[Page(number=1, text="\n".join(lines))])


def naive(document: Document, match: Callable[[str], list[Match]]) -> list[tuple[int, Match]]:
    """The baseline sweep: the matcher on every whole line."""
    return [(n, m) for page in document.pages for n, line in enumerate(page.text.splitlines(), 1)
            if line.strip() for m in match(line)]


def body(match: Match) -> str:
    return fold(match.entry.name)


def recall(reference, sweeper, part: bool, n_names: int, rng: random.Random) -> dict[str, Counter[str]]:
    """Hits and totals per layout for listed names of one half."""
    orgs = [e for e in reference.entries if e.entity_type in {"organisation", "unknown"}]
    names = sorted({(n, e.list_id, e.entry_id) for e in orgs for n in [e.name, *e.aliases[:2]]
                    if len(n.split()) >= 2 and held_out(n) == part})
    rng.shuffle(names)
    bodies = {(e.list_id, e.entry_id): fold(e.name) for e in orgs}
    # the same listed name can stand for several entries: any of them is a hit
    by_name: dict[str, set[str]] = {}
    for n, lid, eid in names:
        by_name.setdefault(n, set()).add(bodies[(lid, eid)])
    totals: dict[str, Counter[str]] = {"sweep": Counter(), "naive": Counter(), "n": Counter(), "alone": Counter()}
    for name in list(by_name)[:n_names]:
        # what the matcher says about the bare name counts too (another row of the same body)
        alone = {body(m) for m in reference.matcher.match(name, "org", THRESHOLD)}
        totals["alone"]["matched"] += bool(alone)
        totals["alone"]["names"] += 1
        expected = by_name[name] | alone
        for layout, lines, at in layouts(name, rng):
            doc = page_of([rng.choice(FILLER), *lines, rng.choice(FILLER)], "r" * 64)
            at += 2  # 1-based, after the first filler line
            found = {body(m.match) for m in sweeper.sweep(doc, reference.matcher, THRESHOLD)
                     if m.line <= at <= m.last_line or (layout == "broken" and m.line in (at - 1, at, at + 1))}
            base = {body(m) for n, m in naive(doc, lambda t: reference.matcher.match(t, "org", THRESHOLD))
                    if n in (at, at + 1)}
            totals["n"][layout] += 1
            totals["sweep"][layout] += bool(found & expected)
            if not found & expected and len(MISSES) < 40:
                MISSES.append(f"{layout}: {name!r} found {sorted(found)[:2]}")
            totals["naive"][layout] += bool(base & expected)
    return totals


def variant_recall(reference, sweeper, part: bool, n_entries: int, rng: random.Random) -> tuple[Counter[str], Counter[str]]:
    """Variants of listed names (typo, transliteration, word order, acronym, dropped legal form;
    bench_screening's generator) written into prose and broken over two lines: how often the sweep
    finds the entry, overall and where the matcher finds the bare variant (the sweep's own share)."""
    orgs = [e for e in reference.entries if e.entity_type in {"organisation", "unknown"}
            and len(e.name.split()) >= 2 and e.name.isascii() and held_out(e.name) == part]
    found, matcher_found, n = Counter(), Counter(), Counter()
    for e in rng.sample(orgs, min(n_entries, len(orgs))):
        for kind, variant in variants(e, rng):
            if kind == "added 'University of'" or (kind == "acronym" and len(variant.split()) < 2):
                kind = "acronym" if kind == "acronym" else ""
                if not kind:
                    continue
            alone = fold(e.name) in {body(m) for m in reference.matcher.match(variant, "org", THRESHOLD)}
            texts = {"prose": [f"In 2019 I spent a year at {variant} as a guest."]}
            texts |= {layout: lines for layout, lines, _at in layouts(variant, rng) if layout != "prose"}
            hyphenated = hyphenate(variant)
            if hyphenated:
                texts["hyphenated"] = hyphenated
            for layout, lines in texts.items():
                doc = page_of(lines, "v" * 64)
                if kind == "acronym" and layout != "prose":
                    continue  # an acronym alone is counted in prose only (as before)
                hit = fold(e.name) in {body(m.match) for m in sweeper.sweep(doc, reference.matcher, THRESHOLD)}
                if alone and not hit and len(VMISSES) < 30:
                    VMISSES.append(f"{kind}/{layout}: {variant!r} for {e.name!r}")
                n[f"{kind} / {layout}"] += 1
                found[f"{kind} / {layout}"] += hit
                matcher_found[f"{kind} / {layout}"] += alone
                for total in ("all", "prose + broken") if layout in ("prose", "broken") else ("all",):
                    found[total] += hit
                    matcher_found[total] += alone
                    n[total] += 1
    return Counter({k: found[k] / n[k] for k in n}), Counter({k: matcher_found[k] / n[k] for k in n})


def hyphenate(name: str) -> list[str] | None:
    """The name broken by a narrow column inside its longest word, hyphenated ('Poly-' / 'technical')."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 6 or not word.isalpha():
        return None
    cut = len(word) // 2
    return ["2012-2015 Research Fellow at " + " ".join(words[:longest] + [word[:cut] + "-"]),
            " ".join([word[cut:], *words[longest + 1:]])]


def one_word_recall(reference, sweeper, part: bool, n_names: int, rng: random.Random) -> Counter[str]:
    """Listed names of one word besides their legal form ('SAKHATRANS LLC'), written as prose writes
    a company, in Title case without the legal form, in prose and on a position line; and how many
    of them are English words (those are deliberately not found alone)."""
    cores = {}
    for e in reference.entries:
        keys = [k for k in (fold(w) for w in e.name.split()) if k and k not in LEGAL_FORMS and k not in STOP]
        core = keys[0] if len(keys) == 1 and e.entity_type in {"organisation", "unknown"} else ""
        if len(core) >= 5 and core.isalpha() and held_out(core) == part:
            cores.setdefault(core, set()).add(fold(e.name))
    picked = rng.sample(sorted(cores), min(n_names, len(cores)))
    out: Counter[str] = Counter()
    for core in picked:
        word = core.title()
        for layout, lines in (("prose", [f"In 2019 I spent a year at {word} as a guest."]),
                              ("position", [f"2016 - 2019  Senior Engineer, {word}"])):
            found = {body(m.match) for m in sweeper.sweep(page_of(lines, "w" * 64), reference.matcher, THRESHOLD)}
            out[layout] += bool(found & cores[core])
            out[f"n {layout}"] += 1
    from english_words import get_english_words_set

    english = get_english_words_set(["web2", "gcide"], lower=True, alpha=True)
    out["english words"] = sum(core in english for core in picked)
    return out


def hostile(reference, sweeper, words: int = 20000) -> tuple[float, float, SweepStats]:
    """Seconds to sweep one line of `words` words made of listed names' words (a hostile file), and
    the naive sweep's seconds on the same line."""
    rng = random.Random(5)
    vocab = ("university institute of technology national research center group company limited harbin "
             "beijing science academy defense the and for Electronics Aviation Northwestern Polytechnical").split()
    line = " ".join(rng.choice(vocab).title() if rng.random() < 0.5 else rng.choice(vocab) for _ in range(words))
    doc = page_of([line], "h" * 64)
    stats = SweepStats()
    started = time.perf_counter()
    sweeper.sweep(doc, reference.matcher, THRESHOLD, stats)
    swept = time.perf_counter() - started
    started = time.perf_counter()
    naive(doc, lambda t: reference.matcher.match(t, "org", THRESHOLD))
    return swept, time.perf_counter() - started, stats


def benign_strings(reference, part: bool) -> list[str]:
    """Affiliation strings and university names the matcher alone does not match, of one half."""
    listed = Listed.of(reference.entries)
    ror = load_ror()
    out = [text for _src, text, rid in read_strings() if held_out(text) == part and not mapped(rid, ror, listed)]
    with UNIVERSITIES.open(encoding="utf-8") as fh:
        out += [u["name"] for u in json.load(fh) if held_out(u["name"]) == part]
    return [t for t in dict.fromkeys(out) if not reference.matcher.match(t, "org", THRESHOLD)]


def benign_pages(strings: list[str], rng: random.Random, n_pages: int) -> list[Document]:
    pages = []
    pool = iter(rng.sample(strings, min(len(strings), n_pages * 12)))
    for i in range(n_pages):
        lines: list[str] = []
        while len(lines) < LINES_PER_PAGE:
            text = next(pool, None)
            if text is None:
                break
            layout, more, _ = rng.choice(layouts(text, rng))
            lines += more + [rng.choice(FILLER)]
        pages.append(page_of(lines, f"{i:064d}"))
    return pages


def false_findings(reference, sweeper, pages: list[Document]) -> tuple[Counter[str], list[str], float, float]:
    """(false findings by method, examples, sweep ms/page, naive ms/page). A finding is what the
    rule would report: one per document and listed body (list code + name)."""
    by_method: Counter[str] = Counter()
    examples: list[str] = []
    stats = SweepStats()
    started = time.perf_counter()
    for doc in pages:
        found: list[Mention] = sweeper.sweep(doc, reference.matcher, THRESHOLD, stats)
        firsts: dict[tuple[str, str], Mention] = {}
        for m in found:
            firsts.setdefault(entry_key(m.match), m)
        for m in firsts.values():
            by_method[m.method] += 1
            if len(examples) < 15:
                examples.append(f"{m.method}: {m.match.query!r} in {m.quote[:70]!r} -> {m.match.entry.name} "
                                f"[{m.match.entry.list_id}] ({m.match.why[:80]})")
    sweep_ms = (time.perf_counter() - started) * 1000 / max(1, len(pages))
    started = time.perf_counter()
    naive_false = 0
    for doc in pages:
        naive_false += len({entry_key(m) for _n, m in naive(doc, lambda t: reference.matcher.match(t, "org", THRESHOLD))})
    naive_ms = (time.perf_counter() - started) * 1000 / max(1, len(pages))
    by_method["naive (baseline)"] = naive_false
    by_method["queries"] = stats.queries
    by_method["lines"] = stats.lines
    return by_method, examples, sweep_ms, naive_ms


def main(n_names: int = 600, n_pages: int = 150, parts: tuple[str, ...] = ("dev", "held out")) -> None:
    """Print recall per layout, false findings per benign page and ms per page, dev and held out."""
    started = time.perf_counter()
    sdn, compiled = reference_files()
    reference = load_reference(REPO / "lists", sdn + compiled)
    built = time.perf_counter()
    sweeper = reference.sweeper
    print(f"reference: {len(reference.entries)} entries; sweeper built in {time.perf_counter() - built:.2f} s "
          f"({built - started:.0f} s to load the lists)")
    for label, part in [(lb, pt) for lb, pt in (("dev", False), ("held out", True)) if lb in parts]:
        rng = random.Random(12)
        totals = recall(reference, sweeper, part, n_names, rng)
        print(f"\n[{label}] recall of listed names embedded in text ({sum(totals['n'].values())} placements)")
        print(f"  {'layout':<12} {'n':>5} {'sweep':>7} {'naive':>7}")
        for layout, n in totals["n"].items():
            print(f"  {layout:<12} {n:>5} {totals['sweep'][layout] / n:>7.3f} {totals['naive'][layout] / n:>7.3f}")
        n_all = sum(totals["n"].values())
        print(f"  (the matcher alone finds {totals['alone']['matched']} of the {totals['alone']['names']} bare names)")
        print(f"  {'all':<12} {n_all:>5} {sum(totals['sweep'].values()) / n_all:>7.3f} "
              f"{sum(totals['naive'].values()) / n_all:>7.3f}")
        swept, alone = variant_recall(reference, sweeper, part, n_names // 3, rng)
        print(f"[{label}] variants of listed names in text: sweep finds / matcher finds the bare variant")
        for k in sorted(swept, key=lambda k: (k in ("all", "prose + broken"), k)):
            print(f"  {k:<36} {swept[k]:.3f} / {alone[k]:.3f}")
        pages = benign_pages(benign_strings(reference, part), rng, n_pages)
        by_method, examples, sweep_ms, naive_ms = false_findings(reference, sweeper, pages)
        queries, lines = by_method.pop("queries"), by_method.pop("lines")
        swept = sum(v for k, v in by_method.items() if k != "naive (baseline)")
        print(f"[{label}] benign pages: {len(pages)} x ~{LINES_PER_PAGE} lines; false findings per page: sweep "
              f"{swept / len(pages):.3f} ({dict((k, v) for k, v in by_method.items() if k != 'naive (baseline)')}), "
              f"naive {by_method['naive (baseline)'] / len(pages):.3f}")
        print(f"[{label}] cost: sweep {sweep_ms:.1f} ms/page, naive {naive_ms:.1f} ms/page "
              f"(ratio {sweep_ms / max(naive_ms, 1e-9):.1f}x); matcher queries per page: sweep "
              f"{queries / len(pages):.0f}, naive {lines / len(pages):.0f} (one per line)")
        for example in examples:
            print("    " + example)
        words = one_word_recall(reference, sweeper, part, n_names // 3, rng)
        print(f"[{label}] one-word listed names written Title-case without legal form: prose "
              f"{words['prose'] / words['n prose']:.3f}, position {words['position'] / words['n position']:.3f} "
              f"(n {words['n prose']}; {words['english words']} are English words, deliberately not found alone)")
        bench_sweep_persons.report(reference, sweeper, held_out, label, part, rng)
    rate, pages, examples = bench_sweep_persons.person_false(reference, sweeper, bench_sweep_persons.corpus_pages())
    print(f"\nsynthetic CV corpus (tests/corpus, fictional people): {rate:.3f} false person findings/page "
          f"({pages} pages)" + "".join(f"\n    {e}" for e in examples[:5]))
    swept, base, stats = hostile(reference, sweeper)
    print(f"hostile 20,000-word line: sweep {swept:.2f} s ({stats.queries} queries; partly swept: "
          f"{getattr(stats, 'partial', None) or 'no'}), naive {base:.2f} s")


if __name__ == "__main__":
    main()
