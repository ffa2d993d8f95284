"""The matcher's speed-ups change no result: the bounded scans, and the caches.

Each test compares the fast path with a slow reference on the same queries: every name posted
under the query's rare words scored exactly (`NameIndex.bounded = False`), and a matcher whose caches
were emptied before every query. The names are fictional people built from common name parts (so
that a query meets hundreds of listed people sharing a given name, as 'Mohammed' or 'Ali' do on the
SDN), fictional companies and institutes built from common name words, and, when the shared list
files are present, the real SDN.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from screen_factory import entry

from intake.screen.matcher import Matcher

SDN = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists" / "ofac-sdn-2024-05" / "sdn.csv"

GIVEN = ("Muhammad Mohammed Mohamed Ahmad Ahmed Ali Hassan Hussein Abdul Abd Rahman Karim Omar Yusuf Ibrahim "
         "Wei Jian Li Ming Hua Xiao Jun Ivan Petro Olena Sergei Viktor Anna Maria Jose Juan Luis Ana").split()
FAMILY = ("Al-Rashidi Al-Hamdan Haddad Nasser Qasim Kovalchuk Shevchuk Melnyk Zhang Wang Chen Liu Zhao Huang "
          "Garcia Lopez Martinez Moreno Petrenko Sidorov Volkov Orlov Haidari Karimi Rahimi Bakr Sayed").split()


def _people(rng: random.Random, n: int) -> list[str]:
    """Fictional listed people: 2-5 parts, a repeated 'AL'/'BIN' part now and then."""
    out = []
    for _ in range(n):
        parts = [rng.choice(FAMILY).upper() + ","] + [rng.choice(GIVEN) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.15:
            parts += ["bin", rng.choice(GIVEN), "bin", rng.choice(GIVEN)]
        out.append(" ".join(parts))
    return out


WORDS = ("Harbin Nord Star Red Sea Golden Eagle Pacific Ocean Shipping Trading Electronics Aviation Defense "
         "Research Engineering Physics Technology Science University Institute Academy Group Industrial "
         "Machinery Petroleum Energy Systems Precision Optics Nuclear Marine Hai Xin Long Feng").split()
FORMS = ("Co., Ltd.", "LLC", "JSC", "S.A. de C.V.", "GmbH", "", "", "")


def _bodies(rng: random.Random, n: int) -> list[str]:
    """Fictional listed companies and institutes: 1-5 common words, a legal form now and then."""
    return [" ".join([*rng.sample(WORDS, rng.randint(1, 5)), rng.choice(FORMS)]).strip() for _ in range(n)]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _as_written(name: str, rng: random.Random) -> str:
    """A listed name as a CV might write it: given names first, an initial, a typo, a dropped part."""
    family, _, given = name.partition(",")
    words = given.split() + [family.title()]
    roll = rng.random()
    if roll < 0.25 and len(words) > 2:
        words = [words[0][0] + ".", *words[1:]]
    elif roll < 0.5:
        k = rng.randrange(len(words))
        words[k] = _typo(words[k], rng)
    elif roll < 0.7 and len(words) > 2:
        del words[rng.randrange(len(words) - 1)]
    elif roll < 0.8:
        words = [w.replace("-", "") for w in words]
    return " ".join(words)


def _in_a_line(name: str, rng: random.Random) -> str:
    """A listed body as an affiliation line or a retyped name: a unit and city around it, a typo,
    a dropped or swapped word."""
    words = name.split()
    roll = rng.random()
    if roll < 0.3:
        k = rng.randrange(len(words))
        words[k] = _typo(words[k], rng)
    elif roll < 0.5 and len(words) > 2:
        del words[rng.randrange(len(words))]
    elif roll < 0.6:
        rng.shuffle(words)
    text = " ".join(words)
    return f"Dept. of {rng.choice(WORDS)}, {text}, {rng.choice(['Harbin', 'Tianjin', 'Moscow'])}" if rng.random() < 0.4 else text


def _org_queries(names: list[str], rng: random.Random, n: int) -> list[str]:
    listed = [_in_a_line(rng.choice(names), rng) for _ in range(n)]
    made_up = [" ".join(rng.sample(WORDS, rng.randint(2, 4))) for _ in range(n // 2)]
    return listed + made_up


def _queries(names: list[str], rng: random.Random, n: int) -> list[str]:
    listed = [_as_written(rng.choice(names), rng) for _ in range(n)]
    made_up = [f"{rng.choice(GIVEN)} {rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(n // 2)]
    return listed + made_up


def _results(matcher: Matcher, query: str, kind: str = "person") -> list[tuple[str, float, str]]:
    """Everything a caller sees of a query, down to the candidate floor (threshold 0)."""
    return [(m.entry.entry_id, m.score, m.why) for m in matcher.match(query, kind, threshold=0.0, limit=50)]


def _raw(matcher: Matcher, query: str, kind: str = "person") -> list[tuple[int, int, float]]:
    """The uncalibrated candidates in their order (ties keep the order the scan met them in)."""
    return [(h.owner, h.name_id, h.raw) for h in matcher.candidates(query, kind, limit=100)]


@pytest.fixture(scope="module")
def fictional() -> tuple[Matcher, list[str]]:
    rng = random.Random(12)
    names = _people(rng, 4000)
    matcher = Matcher([entry(i, n, kind="person") for i, n in enumerate(names)])
    return matcher, _queries(names, rng, 300)


@pytest.fixture(scope="module")
def bodies() -> tuple[Matcher, list[str]]:
    rng = random.Random(13)
    names = _bodies(rng, 4000)
    matcher = Matcher([entry(i, n) for i, n in enumerate(names)])
    return matcher, _org_queries(names, rng, 300)


def _assert_same_as_full_scan(matcher: Matcher, queries: list[str], kind: str = "person") -> int:
    """Bounded and full scans agree on every query; returns how many queries matched something."""
    index = matcher.persons if kind == "person" else matcher.orgs
    matched = 0
    for query in queries:
        fast, fast_raw = _results(matcher, query, kind), _raw(matcher, query, kind)
        index.bounded = False
        slow, slow_raw = _results(matcher, query, kind), _raw(matcher, query, kind)
        index.bounded = True
        assert fast == slow, query
        assert fast_raw == slow_raw, query
        matched += bool(fast)
    return matched


def test_bounded_person_scan_finds_what_the_full_scan_finds(fictional: tuple[Matcher, list[str]]) -> None:
    matcher, queries = fictional
    matched = _assert_same_as_full_scan(matcher, queries)
    assert matched >= 250  # the comparison is about real hits, not only empty results


def test_bounded_person_scan_with_few_candidates() -> None:
    """A short list: most queries meet fewer candidates than the numpy bound is worth, and the same
    bound is then applied name by name."""
    rng = random.Random(14)
    names = _people(rng, 150)
    matcher = Matcher([entry(i, n, kind="person") for i, n in enumerate(names)])
    assert _assert_same_as_full_scan(matcher, _queries(names, rng, 300)) >= 250


def test_bounded_organisation_scan_finds_what_the_full_scan_finds(bodies: tuple[Matcher, list[str]]) -> None:
    matcher, queries = bodies
    assert _assert_same_as_full_scan(matcher, queries, "org") >= 250


def test_bounded_person_scan_prunes(fictional: tuple[Matcher, list[str]]) -> None:
    """The bound does skip people (else the speed-up would be gone without any test noticing)."""
    matcher, _ = fictional
    index = matcher.persons
    scored: list[int] = []
    original = index._person

    def counting(query, name_id):  # type: ignore[no-untyped-def]
        scored.append(name_id)
        return original(query, name_id)

    index._person = counting  # type: ignore[method-assign]
    try:
        matcher.match("Muhammad Ali Haddad", "person")
        bounded = len(scored)
        index.bounded = False
        scored.clear()
        matcher.match("Muhammad Ali Haddad", "person")
    finally:
        index.bounded = True
        del index._person
    assert bounded < len(scored) / 3


def test_cold_and_warm_caches_give_the_same_results(fictional: tuple[Matcher, list[str]],
                                                    bodies: tuple[Matcher, list[str]]) -> None:
    for matcher, queries, kind in (fictional + ("person",), bodies + ("org",)):
        warm = [_results(matcher, q, kind) for q in queries[:120]]
        cold = []
        for q in queries[:120]:
            matcher.clear_caches()
            cold.append(_results(matcher, q, kind))
        assert cold == warm


@pytest.mark.skipif(not SDN.exists(), reason="shared list files not available")
def test_bounded_scan_on_the_real_sdn() -> None:
    from datetime import UTC, datetime

    from intake.screen.lists import StoredList, load_reference

    ref = load_reference(Path(__file__).resolve().parents[2] / "lists", [StoredList(SDN, "ofac_sdn", datetime.now(UTC))])
    people = [e for e in ref.entries if e.entity_type in {"person", "individual"} and e.name.isascii()]
    rng = random.Random(5)
    queries = _queries([e.name for e in rng.sample(people, 300)], rng, 200)
    assert _assert_same_as_full_scan(ref.matcher, queries) >= 150
    bodies = [e for e in ref.entries if e.entity_type not in {"person", "individual"} and e.name.isascii()]
    queries = _org_queries([e.name for e in rng.sample(bodies, 300)], rng, 200)
    assert _assert_same_as_full_scan(ref.matcher, queries, "org") >= 150
