"""Match names against list entries: normalise, find candidates in an index, score, explain.

    matcher = Matcher(entries)
    matcher.match("School of Computing, National University of Defense Technology", "org", 88)

Organisations are matched segment by segment (an affiliation string is split on commas and
brackets), order-free, with typo tolerance, acronyms and containment of a listed name in a
longer string. Persons are matched on their whole name, order-free, with initials.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from intake.records import ListEntry, Match
from intake.screen.calibration import default_threshold, features, probability
from intake.screen import normalise
from intake.screen.exact import ExactNames, exact_key
from intake.screen.index import Hit, NameIndex
from intake.screen.normalise import (
    body_kinds,
    country_words,
    kind_words,
    last_segment,
    looks_like_acronym,
    normalised,
    own_abbreviation,
    qualifiers,
    segments,
)

# Raw token scores below which a name is not a candidate at all; the calibrated model decides above.
CANDIDATE_FLOOR = {"org": 85.0, "person": 70.0}

PERSON_TYPES = frozenset({"person", "individual"})
CANDIDATE_POOL = 60  # raw candidates calibrated per query before the best `limit` are kept

WHY = {
    "tokens": "weighted token overlap",
    "contained": "listed name found whole inside the text",
    "acronym": "acronym derived from the initials of the listed name",
}


def _before_match(hit: Hit) -> str:
    """The query words before the first matched one: a qualifier there ('National Tsinghua
    University') names another body; one after it ('Sichuan University West China Hospital') a part."""
    words = hit.query.split()
    matched = {m.casefold() for m in hit.matched} | {f.split("~")[0] for f in hit.fuzzy}
    for i, word in enumerate(words):
        if any(m and m in word.casefold() for m in matched):
            # only the words written with the name count: in 'State Key Laboratory of Robotics, Yerevan
            # ... Institute' the 'State' belongs to the laboratory, another segment
            return last_segment(" ".join(words[:i] + [""]))
    return last_segment(hit.query)


def _rank(hit: Hit) -> float:
    """Order of raw hits: fewer conflicts first, then the token score; a listed name found whole has
    every listed word, so it ranks above a partial token overlap of a segment (which scores 91-99)."""
    score = 100.5 if hit.method == "contained" else hit.score
    return score - 12.0 * len(hit.conflicts)


class Matcher:
    """Screens names against a fixed set of list entries (index built once, queried often)."""

    def __init__(self, entries: Sequence[ListEntry]) -> None:
        self.entries = list(entries)
        self.orgs = NameIndex("org")
        self.persons = NameIndex("person")
        self.exact = ExactNames()
        for owner, entry in enumerate(self.entries):
            kinds = [self.persons] if entry.entity_type in PERSON_TYPES else [self.orgs]
            if entry.entity_type == "unknown":  # e.g. Denied Persons rows: people and firms
                kinds = [self.orgs, self.persons]
            for name in dict.fromkeys([entry.name, *entry.aliases]):
                if name and name.strip():
                    for index in kinds:
                        index.add(owner, name)
                        self.exact.add(owner, name, index.kind)
                    head, comma, unit = name.partition(",")
                    if comma and "," not in unit and self.orgs in kinds and len(unit.split()) >= 2:
                        # 'Chinese Academy of Sciences, Institute of Physics' is written unit first in CVs
                        self.orgs.add(owner, f"{unit.strip()} {head.strip()}", shown=name)
        self.orgs.freeze()
        self.persons.freeze()

    @property
    def name_count(self) -> int:
        """How many names and aliases are indexed."""
        return len(self.orgs.name_tokens) + len(self.persons.name_tokens)

    def clear_caches(self) -> None:
        """Forget every memoised query word and name, as if no query had been seen yet."""
        self.orgs.clear_caches()
        self.persons.clear_caches()
        normalise.clear_caches()
        exact_key.cache_clear()

    def candidates(self, name: str, kind: str = "org", limit: int = 10) -> list[Hit]:
        """Best raw hit per entry at the candidate floor, conflicts noted, not yet calibrated."""
        name = html.unescape(name)  # '&quot;Lomonosov&quot;' from exported bibliographies
        floor = CANDIDATE_FLOOR["person" if kind == "person" else "org"]
        if kind == "person":
            found = self.persons.search(name, floor, limit * 3)
        else:
            found = []
            parts = segments(name)
            for i, part in enumerate(parts):
                if i > 0 and not self._may_match_alone(part, parts[1:]):
                    continue
                # containment never spans a comma: 'University, Tehran' is not 'University of Tehran'
                hits = self.orgs.search(part, floor, limit * 3, contain=i > 0 or len(parts) == 1)
                if i > 0 and not looks_like_acronym(part):  # 'Azad University, Sanandaj': a city, not SANANDAJ
                    hits = [h for h in hits if len(self.orgs.name_tokens[h.name_id]) > 1]
                for hit in hits:
                    hit.conflicts.extend(self._conflicts(name, hit))
                found.extend(hits)
        best: dict[int, Hit] = {}
        rank = self._person_rank if kind == "person" else _rank
        for hit in found:
            hit.raw = hit.score
            if kind != "person":
                # of one entry's hits the likeliest stands for it: a short alias found whole ('UNIVERSITY
                # OF AUTOMATION') must not hide the token match of the full name (persons: by rank)
                hit.proba = probability("org", features(hit, self.orgs.n_words(hit.name_id)))
            if hit.owner not in best or (hit.proba, rank(hit)) > (best[hit.owner].proba, rank(best[hit.owner])):
                best[hit.owner] = hit
        return sorted(best.values(), key=lambda h: -rank(h))[:limit]

    def _person_rank(self, hit: Hit) -> float:
        """A person's best name is the likeliest one, not the highest token score: 'Gennady Timchenko' is
        'TIMCHENKO, Gennady Nikolayevich' spelt right, not the alias 'TIMTCHENKO, Guennadi' retyped."""
        return probability("person", features(hit, self.persons.n_words(hit.name_id)))

    def hits(self, name: str, kind: str = "org", threshold: float | None = None, limit: int = 10) -> list[Hit]:
        """Best hit per entry at or above `threshold` (calibrated, 0-100), best first."""
        kind = "person" if kind == "person" else "org"
        if threshold is None:
            threshold = default_threshold(kind)
        index = self.persons if kind == "person" else self.orgs
        kept = []
        # calibrate a wide pool: a long name found whole (raw 90) must not be cut by many namesakes'
        # raw 100 ('Huawei Technologies Co., Ltd.' is the start of dozens of listed affiliates)
        for hit in self.candidates(name, kind, max(limit * 2, CANDIDATE_POOL)):
            hit.proba = probability(kind, features(hit, index.n_words(hit.name_id)))
            hit.score = 100.0 * hit.proba
            if hit.score >= threshold:
                kept.append(hit)
        kept.sort(key=lambda h: -h.score)
        return kept[:limit]

    @staticmethod
    def _may_match_alone(part: str, parts: list[str]) -> bool:
        """Whether one segment of a longer name may match a list by itself.

        A single plain word after a comma is a city ('School of Physics, Tianjin University of
        Technology, Tianjin' is not Tianjin University); a two-letter segment ('Augustana College
        (IL)') is a state or country code; an acronym spelt by the initials of another segment
        ('... Science and Technology (KUST)') abbreviates the query's own name. Only the long form
        may match in those cases.
        """
        if not looks_like_acronym(part):
            # one plain word after a comma is a place ('..., Tianjin'), not 'Tianjin University'
            return len(part.split()) > 1
        acronym = part.strip().strip("()")
        if len(acronym) <= 2:
            return False
        return not any(other != part and own_abbreviation(acronym, other) for other in parts)

    def _conflicts(self, query: str, hit: Hit) -> list[str]:
        """Why the text may name another body than the listed one, each said in a few words.

        A university is not the trading company that shares its place name; a 'Wuhan Institute of
        Technology' is not the 'Wuhan University of Technology'; 'Institut Pasteur' never says the
        'Iran' of the Pasteur Institute of Iran; 'National Tsinghua University' (Taiwan) carries a
        qualifier the listed name lacks.
        """
        name = self.orgs.name_text[hit.name_id]
        listed_text = f"{name} {self.entries[hit.owner].name}"
        out = []
        # a name found whole says its own kind of body; the other segments' words ('Key Lab of ...,
        # Huawei ... Research Institute') are about other bodies, so only the token path is checked
        if hit.method != "contained":
            academic, commercial = kind_words(query)
            name_academic, name_commercial = kind_words(listed_text)
            if academic and not commercial and name_commercial and not name_academic:
                out.append("a university-like name against a company's")
            query_kinds, listed_kinds = body_kinds(hit.query), body_kinds(name)
            if query_kinds and listed_kinds and not query_kinds & listed_kinds:
                out.append(f"a {'/'.join(sorted(query_kinds))}, the listed name a {'/'.join(sorted(listed_kinds))}")
        spelt = set(hit.matched) | {pair.split("~")[-1] for pair in hit.fuzzy}  # 'Chnia' is 'China'
        missing_country = country_words(name) - country_words(query) - spelt
        if missing_country and hit.method != "acronym":
            out.append(f"the listed name says '{' '.join(sorted(missing_country))}', the text does not")
        extra = qualifiers(_before_match(hit)) - qualifiers(listed_text)
        if extra:
            out.append(f"qualifier '{' '.join(sorted(extra))}' not in the listed name")
        return out

    def match(self, name: str, kind: str = "org", threshold: float | None = None, limit: int = 10) -> list[Match]:
        """Entries matching `name` at or above `threshold` (0-100; None: the default), each explaining itself.
        A name written exactly as listed always matches, at the default threshold at least (exact.py)."""
        index = self.persons if kind == "person" else self.orgs
        kind = "person" if kind == "person" else "org"
        found = [self._to_match(name, hit, index, kind) for hit in self.hits(name, kind, threshold, limit)]
        return self._with_exact(html.unescape(name), kind, found, threshold, limit)

    def _with_exact(self, name: str, kind: str, found: list[Match], threshold: float | None,
                    limit: int) -> list[Match]:
        floor = max(default_threshold(kind), threshold or 0.0)
        by_entry = {(m.entry.list_id, m.entry.entry_id): i for i, m in enumerate(found)}
        texts = [name] if kind == "person" else list(dict.fromkeys([name, *segments(name)]))
        for text in texts:
            for owner, listed in self.exact.find(text, kind):
                entry = self.entries[owner]
                key = (entry.list_id, entry.entry_id)
                why = (f"{'name' if listed == entry.name else 'alias'} '{listed}' written exactly as listed"
                       + (f" (in segment '{text}')" if text != name else ""))
                if key in by_entry:
                    if found[by_entry[key]].score < floor:  # the low 'possible match' band: a match
                        old = found[by_entry[key]]
                        found[by_entry[key]] = old.model_copy(update={"score": floor, "why": f"{why}; {old.why}"})
                    continue
                by_entry[key] = len(found)
                found.append(Match(query=name, entry=entry, score=round(floor, 1), matched_name=listed,
                                   query_normalised=normalised(text, kind), candidate_normalised=normalised(listed, kind),
                                   why=f"{why}; its words' weights do not decide it: score set to the threshold "
                                       f"{floor:.1f}"))
        found.sort(key=lambda m: -m.score)
        return found[:limit]

    def _to_match(self, query: str, hit: Hit, index: NameIndex, kind: str) -> Match:
        matched_name = index.name_text[hit.name_id]
        entry = self.entries[hit.owner]
        alias = "name" if matched_name == entry.name else "alias"
        parts = [f"{alias} '{matched_name}' ({WHY[hit.method]})"]
        if hit.query != query:
            parts.append(f"in segment '{hit.query}'")
        if hit.matched:
            parts.append("tokens: " + ", ".join(hit.matched))
        if hit.fuzzy:
            parts.append("fuzzy: " + ", ".join(hit.fuzzy))
        if hit.missing:
            parts.append("unmatched: " + ", ".join(hit.missing))
        for conflict in hit.conflicts:
            parts.append(f"conflict: {conflict}")
        parts.append(f"token score {hit.raw:.1f}; calibrated score {hit.score:.1f} (P(match) {hit.proba:.3f})")
        return Match(
            query=query,
            entry=entry,
            score=round(hit.score, 1),
            matched_name=matched_name,
            query_normalised=normalised(hit.query, kind),
            candidate_normalised=normalised(matched_name, kind),
            why="; ".join(parts),
        )
