"""What the screening rules cost as a CV grows (issue 13, bounded work): each rule that once compared
every pair, timed against that pairwise form in the same run.

* OVERLAPPING_APPOINTMENTS: n appointments at fictional institutions in a few countries, dated at
  random (a few of them concurrent), the sweep (intake/screen/concurrent.py) against every pair.
* UNDISCLOSED_APPOINTMENT: n posts on a form answered No, as many home institutions (a case of many
  forms), the word index (rules_disclosure.Homes) against every post with every home.

`python -m bench rule_costs`; the pairwise form is timed up to 2,000 appointments (it is quadratic).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)
PAIRWISE_UP_TO = 2_000


def _posts(n: int, seed: int = 1) -> list:
    from intake.records import Affiliation, DateRange, Evidence

    rng = random.Random(seed)
    countries = ["CA", "CN", "DE", "CH", "US", "JP"]
    out = []
    for i in range(n):
        start = date(1990, 1, 1) + timedelta(days=rng.randint(0, 12_000))
        end = start + timedelta(days=rng.randint(30, 1_500))
        out.append(Affiliation(organisation=f"Fictional Institute {i % 500}", country=rng.choice(countries),
                               period=DateRange(start=start, end=end, raw=f"{start:%m/%Y} - {end:%m/%Y}"),
                               evidence=[Evidence(document_sha256="0" * 64, page=1, quote=f"post {i}")]))
    return out


def _pairwise_overlaps(ctx, positions: list) -> int:  # noqa: ANN001
    """OVERLAPPING_APPOINTMENTS as first written: every pair (the baseline)."""
    from intake.screen.rules_timeline import MIN_OVERLAP_DAYS, certain_span

    found = 0
    for i, a in enumerate(positions):
        for b in positions[i + 1:]:
            span_a, span_b = certain_span(a.period, ctx.today), certain_span(b.period, ctx.today)
            if span_a is None or span_b is None or a.organisation.casefold() == b.organisation.casefold():
                continue
            start, end = max(span_a[0], span_b[0]), min(span_a[1], span_b[1])
            ca, cb = ctx.country_of(a.country, a.organisation), ctx.country_of(b.country, b.organisation)
            found += (end - start).days >= MIN_OVERLAP_DAYS and ca != cb and bool(ca and cb)
    return found


def _pairwise_homes(posts: list[str], homes: list[str]) -> int:
    """The home-institution test as first written: every post against every home (the baseline)."""
    from intake.screen.normalise import normalised

    held = 0
    for organisation in posts:
        mine = set(normalised(organisation).split())
        for home in homes:
            theirs = set(normalised(home).split())
            if mine and (mine == theirs or ((mine < theirs or theirs < mine) and min(len(mine), len(theirs)) >= 3)):
                held += 1
                break
    return held


def _timed(fn) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    sys.path.insert(0, str(REPO / "tests" / "screen"))
    from screen_factory import config, profile, starter

    from intake.screen.context import Ctx
    from intake.screen.rules_disclosure import Homes
    from intake.screen.rules_timeline import overlapping_appointments

    ref = starter()
    print(f"{'rule':26} {'n':>7} {'rsi s':>8} {'pairwise s':>10} {'ratio':>7}  found")
    for n in (1_000, 2_000, 10_000, 100_000):
        ctx = Ctx(profile(affiliations=_posts(n)), ref, config(), TODAY)
        fast_s, found = _timed(lambda: overlapping_appointments(ctx))
        pair_s, pairs = _timed(lambda: _pairwise_overlaps(ctx, ctx.profile.affiliations)) if n <= PAIRWISE_UP_TO \
            else (float("nan"), None)
        print(f"{'OVERLAPPING_APPOINTMENTS':26} {n:>7,} {fast_s:8.2f} {pair_s:10.2f} {fast_s / pair_s:7.3f}  "
              f"{len(found)} findings" + (f" (pairwise {pairs})" if pairs is not None else ""), flush=True)
    for n in (500, 2_000, 20_000):
        homes = [f"Fictional Institute of Area {i} Studies" for i in range(n)]
        posts = [f"Fictional College of Topic {i} Research" for i in range(n)] + homes[:10]
        fast_s, held = _timed(lambda: sum(map(Homes(homes).holds, posts)))  # the index built once, as the rule does
        pair_s, pair_held = _timed(lambda: _pairwise_homes(posts, homes)) if n <= PAIRWISE_UP_TO \
            else (float("nan"), None)
        print(f"{'UNDISCLOSED_APPOINTMENT':26} {n:>7,} {fast_s:8.2f} {pair_s:10.2f} {fast_s / pair_s:7.3f}  "
              f"{held} homes held" + (f" (pairwise {pair_held})" if pair_held is not None else ""), flush=True)


if __name__ == "__main__":
    main()
