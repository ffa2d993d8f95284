"""Dev sets for the name matcher (issue 12), built from independent public sources, split once.

Each set is a list of `Query(text, kind, expect)`; `expect` is the listed entry the text names
(None for benign names). Every set is split by a stable hash of the entry id (or the benign
name): the "held" part (30 %) is never used to fit the model (bench/fit_matcher.py fits on "fit"),
and bench/bench_matchers.py reports on it.

Positive sets (different lists, different variant processes):
  * sdn: OFAC SDN organisations (2024-05 sdn.csv) and their 2026-06 alt.csv aliases, written the
    way people retype them (typos in any word, dropped or half-dotted legal forms, abbreviations,
    word order, joined/split words);
  * entity_list: BIS Entity List research institutions (KAIST compilation) written as a CV
    affiliation line ('Dept. of ..., Harbin Inst. of Technology, Harbin, China');
  * defence: DoD 1260H companies and ASPI defence universities with the same retyping;
  * persons: yente's UN people as retyped by yente ('treated'), and SDN individuals as a CV writes
    them (given name first, initials, dropped middle names, joined/split given names).
Benign sets: world universities, ROR companies, yente's synthetic people (US, global), US Congress.
Reads ../shared/data by path; nothing is copied into the repo.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from intake.records import ListEntry

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
HELD_SHARE = 3  # of 10
SEED = 12


@dataclass(frozen=True)
class Query:
    """One dev query: the text, its kind and the entry it names (None: names no listed entry)."""

    text: str
    kind: str  # "org" | "person"
    expect: ListEntry | None
    how: str = ""  # the variant process that wrote it


def part(key: str) -> str:
    """'held' or 'fit', fixed by a hash of the key (an entry id or a benign name)."""
    digest = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16)
    return "held" if digest % 10 < HELD_SHARE else "fit"


# ISO 4-style abbreviations as people type them (independent of the matcher's own table's spellings).
ABBREV = {
    "University": ["Univ.", "Univ", "Uni."], "Institute": ["Inst.", "Inst"], "National": ["Natl.", "Nat."],
    "Technology": ["Technol.", "Tech."], "International": ["Intl.", "Int'l"], "Trading": ["Trdg", "TRDG"],
    "Group": ["Grp", "Grp."], "Company": ["Co.", "Co"], "Corporation": ["Corp.", "Corp"],
    "Limited": ["Ltd.", "Ltd", "Lmt"], "Laboratory": ["Lab.", "Lab"], "Academy": ["Acad."],
    "Engineering": ["Eng.", "Engg."], "Research": ["Res."], "Science": ["Sci."], "Sciences": ["Sci."],
    "Center": ["Ctr."], "Centre": ["Ctr."], "Industries": ["Inds.", "Ind."], "Industrial": ["Ind."],
    "Department": ["Dept."], "Development": ["Dev."], "Services": ["Svcs."], "Manufacturing": ["Mfg."],
    "Electronics": ["Elec."], "Polytechnical": ["Polytech."], "Aeronautics": ["Aero."],
}
DOTTED = re.compile(r"\b((?:[A-Z]\.){2,})")
TRANSLIT_PERSON = [("Mohammed", "Muhammad"), ("Muhammad", "Mohammed"), ("Mohamed", "Muhammad"), ("Said", "Saeed"),
                   ("Yusuf", "Yousef"), ("Abdul", "Abdel"), ("Hussein", "Husayn"), ("Ahmed", "Ahmad"),
                   ("Osama", "Usama"), ("Omar", "Umar"), ("Aleksandr", "Alexander"), ("Yuriy", "Yuri"),
                   ("Sergey", "Sergei"), ("ev", "yev"), ("Mikhail", "Michael")]
CITY_WORDS = ["Beijing, China", "Harbin, China", "Xi'an, P.R. China", "Changsha", "Moscow, Russia", "Tehran, Iran",
              "Shanghai 200240, China", "Nanjing, PR China", "Chengdu, Sichuan", ""]
UNITS = ["Department of Physics", "School of Materials Science and Engineering", "Dept. of Computer Science",
         "State Key Laboratory of Robotics", "College of Automation", "Key Lab of Optoelectronics", "Faculty of Chemistry"]


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip in a word of 3+ letters: delete, double, swap or replace a letter."""
    if len(word) < 3:
        return word
    j = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:j] + word[j + 1 :]
    if op == 1:
        return word[:j] + word[j] + word[j:]
    if op == 2:
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    near = "aeiou" if word[j].lower() in "aeiou" else "tnrsl"
    return word[:j] + rng.choice(near) + word[j + 1 :]


def org_variant(name: str, rng: random.Random) -> tuple[str, str]:
    """(how, text): one retyping of an organisation name."""
    words = name.split()
    choices = ["typo", "abbreviation", "legal form", "word order", "join/split", "case and punctuation"]
    how = rng.choice(choices)
    if how == "typo":
        idx = [i for i, w in enumerate(words) if len(w.strip(".,")) >= 3 and w.isalpha()]
        if idx:
            i = rng.choice(idx)
            words[i] = typo(words[i], rng)
    elif how == "abbreviation":
        idx = [i for i, w in enumerate(words) if w.strip(",") in ABBREV]
        if idx:
            for i in idx[: rng.randint(1, 2)]:
                words[i] = rng.choice(ABBREV[words[i].strip(",")]) + ("," if words[i].endswith(",") else "")
    elif how == "legal form":
        dotted = DOTTED.search(name)
        if dotted:
            return how, name.replace(dotted.group(1), dotted.group(1)[:-1], 1)  # 'S.A.' -> 'S.A'
        legal = {"LLC", "LTD", "LTD.", "LIMITED", "CO.", "CO.,", "INC.", "JSC", "OOO", "GMBH", "CORP.", "PJSC", "FZE",
                 "COMPANY", "CORPORATION", "LLP", "SARL", "S.A.", "CO.,LTD.", "CO.,LTD"}
        kept = [w for w in words if w.upper().strip(",") not in legal]
        if kept and kept != words:
            words = kept
    elif how == "word order" and len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif how == "join/split":
        hyphen = next((w for w in words if "-" in w.strip("-")), None)
        if hyphen:
            words = [w.replace("-", rng.choice(["", " "])) if w == hyphen else w for w in words]
        elif len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            if len(words[i]) <= 5 and words[i].isalpha() and words[i + 1].isalpha():
                words[i : i + 2] = [words[i] + words[i + 1].lower()]
    else:
        text = re.sub(r"[.,]", "", name)
        return how, text.title() if rng.random() < 0.5 else text.upper()
    return how, " ".join(words)


def person_variant(name: str, rng: random.Random) -> tuple[str, str]:
    """(how, text): a listed person ('LAST, First Middle') as a CV writes them."""
    if "," in name:
        last, _, given = name.partition(",")
    else:
        parts = name.split()
        last, given = parts[-1], " ".join(parts[:-1])
    last, given_parts = last.strip().title(), [g.title() for g in given.split()]
    if not given_parts:
        return "as listed", name
    how = rng.choice(["given first", "initials", "dropped middle", "join/split", "transliteration", "typo"])
    if how == "initials":
        given_parts = [g[0] + "." for g in given_parts]
    elif how == "dropped middle" and len(given_parts) >= 2:
        given_parts = given_parts[:1]
    elif how == "join/split":
        if len(given_parts) >= 2:
            given_parts = ["".join(given_parts[:2]).title(), *given_parts[2:]]
        elif len(given_parts[0]) >= 6:
            cut = len(given_parts[0]) // 2
            given_parts = [given_parts[0][:cut], given_parts[0][cut:].title()]
    elif how == "transliteration":
        text = " ".join([*given_parts, last])
        for old, new in TRANSLIT_PERSON:
            if old in text:
                return how, text.replace(old, new, 1)
    elif how == "typo":
        last = typo(last, rng)
    return how, " ".join([*given_parts, last])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def org_sets(entries: list[ListEntry], rng: random.Random) -> dict[str, list[Query]]:
    """The three organisation positive sets from the reference entries."""
    sdn = [e for e in entries if e.list_id == "sdn" and e.entity_type == "organisation"]
    out: dict[str, list[Query]] = {"sdn": [], "entity_list": [], "defence": []}
    for e in rng.sample(sdn, 1500):
        names = [e.name, *[a for a in e.aliases if a.isascii() and len(a) > 3]]
        source = rng.choice(names)
        how, text = org_variant(source, rng)
        out["sdn"].append(Query(text, "org", e, how + (" of an alias" if source != e.name else "")))
    academic = re.compile(r"\b(University|Institute|Academy|College|Laborator|Research|Center|Centre)", re.I)
    el = [e for e in entries if e.list_id == "kaist_multi" and e.source_list.startswith("Entity List")
          and academic.search(e.name) and e.name.isascii()]
    for e in rng.sample(el, min(900, len(el))):
        how, text = org_variant(e.name, rng)
        unit, place = rng.choice(UNITS), rng.choice(CITY_WORDS)
        line = ", ".join(p for p in [unit, text, place] if p) if rng.random() < 0.7 else text
        out["entity_list"].append(Query(line, "org", e, how + " in an affiliation line"))
    defence = [e for e in entries if e.list_id in {"dod_1260h", "defence_universities"} and e.name.isascii()]
    for e in defence:
        how, text = org_variant(e.name.rstrip("*").strip(), rng)
        out["defence"].append(Query(text, "org", e, how))
    return out


def person_set(entries: list[ListEntry], un_entries: list[ListEntry], rng: random.Random) -> list[Query]:
    """yente's treated UN people, and SDN individuals as CVs write them."""
    treated = read_csv(DATA / "benchmarks/yente_positives_un_treated.csv")
    out = [Query(row["full_name"], "person", un_entries[i], "yente treatment") for i, row in enumerate(treated)]
    people = [e for e in entries if e.list_id == "sdn" and e.entity_type == "person" and e.name.isascii()]
    for e in rng.sample(people, 800):
        how, text = person_variant(e.name, rng)
        out.append(Query(text, "person", e, how))
    return out


def un_entries() -> list[ListEntry]:
    """yente's untreated UN people as list entries (entry i = row i)."""
    rows = read_csv(DATA / "benchmarks/yente_positives_un_untreated.csv")
    return [ListEntry(list_id="un_yente", entry_id=f"un-{i}", name=r["full_name"], entity_type="person")
            for i, r in enumerate(rows)]


def benign_sets(rng: random.Random, n: int = 3000) -> dict[str, list[Query]]:
    """Names that should match nothing (a few world universities are listed: see bench_matchers)."""
    unis = sorted({u["name"] for u in json.loads((DATA / "benign/world_universities_and_domains.json").read_text())})
    companies = []
    with (DATA / "benign/ror/ror-records-union.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if "company" in [t.casefold() for t in rec.get("types", [])]:
                companies.append(rec["name"])
    us = [r["full_name"] for r in read_csv(DATA / "benign/persons-synthetic/negatives_us.csv")]
    world = [r["full_name"] for r in read_csv(DATA / "benign/persons-synthetic/negatives_global.csv")]
    congress = [r["full_name"] for r in read_csv(DATA / "benchmarks/yente_positives_us_congress_untreated.csv")]

    def sample(names: list[str], kind: str) -> list[Query]:
        names = sorted(set(names))
        return [Query(x, kind, None, "benign") for x in rng.sample(names, min(n, len(names)))]

    return {"world universities": sample(unis, "org"), "ROR companies": sample(companies, "org"),
            "synthetic persons US": sample(us, "person"), "synthetic persons global": sample(world, "person"),
            "US Congress": sample(congress, "person")}


_TRAILING_BRACKET = re.compile(r"\s*\(([^()]+)\)\s*$")


def ror_countries() -> frozenset[str]:
    """The country names ROR appends to a company's name to tell namesakes apart ('MSD (Sweden)')."""
    out = set()
    with (DATA / "benign/ror/ror-records-union.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            out.add(json.loads(line).get("country_name") or "")
    return frozenset(out - {""})


def without_country(text: str, countries: frozenset[str]) -> str:
    """The name without ROR's trailing '(Country)': 'BGI Group (China)' is the listed 'BGI Group'."""
    m = _TRAILING_BRACKET.search(text)
    return text[: m.start()] if m and m.group(1).strip() in countries else text


def query_key(q: Query) -> str:
    """What the split hashes: the entry for positives, the text for benign names."""
    return f"{q.expect.list_id}:{q.expect.entry_id}" if q.expect is not None else q.text


def all_sets(entries: list[ListEntry], un: list[ListEntry]) -> dict[str, list[Query]]:
    """Every dev set (both parts), seeded."""
    rng = random.Random(SEED)
    sets = org_sets(entries, rng)
    sets["persons"] = person_set(entries, un, rng)
    sets.update(benign_sets(rng))
    return sets


def split(sets: dict[str, list[Query]], which: str) -> dict[str, list[Query]]:
    """Only the 'fit' or the 'held' part of each set."""
    return {k: [q for q in v if part(query_key(q)) == which] for k, v in sets.items()}
