"""Which pairs of posts ran at the same time, found by a sweep over their start days instead of by
comparing every pair (issue 13: a hostile CV of 11,537 appointments held the screening for minutes).

Pure: posts in, pairs of their indices out. A pair counts when the two posts are at different
organisations in different, known countries and share at least `min_days` days. The work is
O(n log n) plus the pairs found; a CV whose pairs exceed `budget` has the rest counted, not listed,
so a hostile document cannot make the output (and the time) grow with the square of its posts.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Post:
    """One post as the sweep sees it: its certain days (ordinals), country and folded organisation."""

    start: int
    end: int
    country: str
    organisation: str


@dataclass
class Concurrent:
    """The pairs (i < j, in index order) that ran together, and how many more were only counted."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    more: int = 0


@dataclass
class _Alive:
    """Posts that may still share min_days with a later-starting one, grouped for counting."""

    by_place: dict[str, dict[str, set[int]]] = field(default_factory=dict)  # country -> organisation -> posts
    per_country: dict[str, int] = field(default_factory=dict)
    per_organisation: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def add(self, i: int, post: Post, step: int) -> None:
        """Post i starts being alive (step +1) or stops (step -1)."""
        self.by_place.setdefault(post.country, {}).setdefault(post.organisation, set())
        group = self.by_place[post.country][post.organisation]
        if step > 0:
            group.add(i)
        else:
            group.discard(i)
            if not group:
                del self.by_place[post.country][post.organisation]
        self.per_country[post.country] = self.per_country.get(post.country, 0) + step
        self.per_organisation[post.organisation] = self.per_organisation.get(post.organisation, 0) + step
        self.total += step

    def partners(self, post: Post) -> int:
        """How many alive posts are elsewhere (another country) at another organisation."""
        same_place = len(self.by_place.get(post.country, {}).get(post.organisation, ()))
        return self.total - self.per_country.get(post.country, 0) - (
            self.per_organisation.get(post.organisation, 0) - same_place)

    def partner_ids(self, post: Post) -> list[int]:
        """The alive posts `partners` counts."""
        return [i for country, orgs in self.by_place.items() if country != post.country
                for org, ids in orgs.items() if org != post.organisation for i in ids]


def concurrent_pairs(posts: list[Post | None], min_days: int, budget: int) -> Concurrent:
    """Pairs of posts (indices into `posts`; None is a post without certain dates or country) at
    different organisations in different countries that share at least `min_days` days.

    Sweep by start day: when a post starts, every post still alive started no later, so the two
    share min(ends) - this start; a post is dropped once its end is too close to the sweep."""
    order = sorted((p.start, i) for i, p in enumerate(posts) if p is not None and p.end - p.start >= min_days)
    alive, ends, out = _Alive(), [], Concurrent()
    for start, j in order:
        post = posts[j]
        assert post is not None
        while ends and ends[0][0] < start + min_days:
            _, gone = heapq.heappop(ends)
            alive.add(gone, posts[gone], -1)  # type: ignore[arg-type]
        partners = alive.partners(post)
        if len(out.pairs) + partners <= budget:
            out.pairs.extend((min(i, j), max(i, j)) for i in alive.partner_ids(post))
        else:
            out.more += partners
        alive.add(j, post, +1)
        heapq.heappush(ends, (post.end, j))
    out.pairs.sort()
    return out
