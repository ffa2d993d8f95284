"""Where a talk or visit took place: its country, told by the entry's places, else by its host.

CVs write a talk's place in many ways: "Title, Host, City, Country, Month Year", "Month Year — Host
(City)", "Seminar at Kyoto University", "Atlanta, Georgia", "Berkeley, CA", or only the host. The
entry is cut into segments and read from its end (addresses run from small to large), each segment
by these rules, the first that tells a country winning:

1. a state or province after a city of that state is its country: "Athens, Georgia" and "Berkeley,
   CA" are in the US (not Georgia the country or Canada), "Waterloo, ON" in Canada, "Perth, WA" in
   Australia;
2. a country's name or code;
3. a US state's full name ("New Mexico", "Massachusetts");
4. a city the gazetteer knows, when the name tells one country (intake/places.py);
5. a country or listed city named inside the segment ("Tsinghua University Beijing"), a US state in
   an institution's name ("University of Georgia" is in the US), a city in an institution's name
   ("Wageningen University", "University of Cape Town");
6. the last words of the segment naming a city ("NeurIPS New Orleans");
7. an institution named by a country's adjective ("Chinese Academy of Sciences").

Then the host itself: a research body the extractor knows by name (CNRS, Max Planck, Technion), or a
listed institution's country (from the reference lists). A talk whose country none of this tells is
kept, with a warning on the profile: it is never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from intake import places
from intake.countries import countries_in, country_code, demonym, last_country
from intake.extract import entries as ex
from intake.extract.dates import find_ranges

_QUOTED = re.compile(r"[\"“”‘’']([^\"“”‘’']{6,200})[\"“”‘’']")
# Capitalised word runs between an institution's generic words ('University of | Cape Town').
_GENERIC = re.compile(
    r"\b(?:Universit\w*|Univ|Institut\w*|College|Academy|Academia|Akademie|School|Polytechnic|Politecnico|"
    r"Technical|Technology|Technological|Science|Sciences|Research|Center|Centre|Laborator\w*|Labs?|Hospital|"
    r"National|State|Federal|Royal|Graduate|Department|Faculty|of|for|and|the|de|di|del|des|der|du|la|le|at|in|"
    r"on|&|[A-Z]{2,}|ETH|TU|KU)\b"
)
_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_ADJECTIVE_LEAD = re.compile(r"^([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:Academy|Institute|University|Council|Agency|"
                             r"National|Federal|Centre|Center|Foundation|Society)\b")
# A venue: a meeting's word, or its acronym written with two capitals or more ('NeurIPS', 'ICML', 'APS').
_VENUE = re.compile(r"\b(?:Conference|Congress|Symposium|Workshop|Meeting|Summit|Forum|School|Colloquium|"
                    r"Seminar|Gordon|Expo)\b|\b[A-Z][a-z]*[A-Z][\w-]*\b")
_TWO_LETTERS = re.compile(r"[A-Z]\.?[A-Z]\.?")
# 'Invited talk. University of Cape Town. Cape Town. 2015.': a full stop after a word ends a part
# (not after 'St' or 'U.S', whose dots follow a capital or one or two letters)
_SENTENCE_STOP = re.compile(r"(?<=[a-z]{3})\.\s+(?=[A-Z\d])")


def talk_text(lined: str) -> str:
    """A talk entry written on several lines (title / host / date and place) as one line whose parts are
    cut where its lines were; a line that ends in 'of', a comma or a dash, or a next line in lower case,
    is one part wrapped."""
    lines = [ln.strip() for ln in (_without_icons(raw) for raw in lined.split("\n")) if ln.strip()]
    out = lines[:1]
    for line in lines[1:]:
        wrapped = bool(ex.JOINS_NEXT.search(out[-1])) or line[:1].islower()
        out[-1] = f"{out[-1]} {line}" if wrapped else f"{out[-1]} ; {line}"
    return _SENTENCE_STOP.sub(" ; ", " ".join(out))


def _without_icons(line: str) -> str:
    """The line without the icons designs set before a place or a date (a map pin in an icon font reads as
    a private-use character: '\uf041Zurich'), each replaced by a space."""
    return "".join(" " if unicodedata.category(c) in {"Co", "So"} else c for c in line)


def talk_parts(text: str) -> list[str]:
    """The talks one entry names: one, unless its parts (lines, ';' items) name several places.

    A part that names a place in another country than the talk so far, or a second date, opens the
    next talk once the talk so far has both its date and its place: a year line over several hosts'
    lines ('2023' / 'Kyoto University, Kyoto, Japan' / 'ETH Zurich, Zurich, Switzerland'), or talks
    run into one line with semicolons. A host's line and its place's line stay one talk ('University of
    Tokyo' / 'Mar 2023  Tokyo, Japan')."""
    pieces = [p.strip() for p in text.split(";") if p.strip()]
    if len(pieces) < 2:
        return [text]
    talks: list[list[str]] = [[]]
    country: str | None = None
    dated = False
    for piece in pieces:
        here, has_date = talk_country(piece), bool(find_ranges(piece))
        if country and dated and ((here and here != country) or has_date):
            talks.append([])
            country, dated = None, False
        talks[-1].append(piece)
        country, dated = country or here, dated or has_date
    return [" ; ".join(talk) for talk in talks]


def place_text(text: str) -> str:
    """The entry without its quoted title (a title naming a country is not where the talk was)."""
    return _QUOTED.sub(" , ", text)


def talk_country(text: str, host: str = "", host_countries: Mapping[str, str] | None = None) -> str | None:
    """The country where the talk took place, or None when the entry does not tell it."""
    segments = ex.segments_of(place_text(text))
    for rule in (_segment_country, _trailing_city, _adjective_country):
        for index in range(len(segments) - 1, -1, -1):
            found = rule(segments[index], segments[index - 1] if index else "")
            if found:
                return _region(found, segments[:index])
    if host:
        found = _segment_country(host, "") or _adjective_country(host, "")
        if found:
            return found
    return _known_host(host) or _listed_country(host, host_countries or {})


def _region(code: str, before: list[str]) -> str:
    """'Taipa, Macau SAR, China': a special administrative region named before 'China' is the answer."""
    if code == "CN":
        regions = [c for segment in before for c, _, _ in countries_in(segment) if c in {"HK", "MO"}]
        return regions[-1] if regions else code
    return code


# Research bodies the extractor names by themselves (entries._INSTITUTION, _ABBREVIATED) whose name
# is one country's: 'Seminar, Max Planck Institute of Quantum Optics' is in Germany.
_KNOWN_HOSTS = (
    (re.compile(r"\bMax[- ]Planck\b|\bFraunhofer\b|\bHelmholtz\b|\bLMU\b"), "DE"),
    (re.compile(r"\bCNRS\b|\bINRIA\b|\bInria\b|\bCEA\b|\bINSERM\b|\bSorbonne\b"), "FR"),
    (re.compile(r"\bCERN\b|\bETH\b|\bEPFL\b"), "CH"),
    (re.compile(r"\bRIKEN\b"), "JP"),
    (re.compile(r"\bCSIRO\b"), "AU"),
    (re.compile(r"\bNIH\b|\bNASA\b|\bDARPA\b|\bCaltech\b|\bMIT\b"), "US"),
    (re.compile(r"\bTechnion\b"), "IL"),
    (re.compile(r"\bSkoltech\b"), "RU"),
    (re.compile(r"\bKU Leuven\b"), "BE"),
    (re.compile(r"\bKarolinska\b"), "SE"),
    (re.compile(r"\bSapienza\b"), "IT"),
    (re.compile(r"\bIISc\b|\bIIT\b"), "IN"),
)


def _known_host(host: str) -> str | None:
    """The country of a research body the extractor knows by name."""
    return next((code for pattern, code in _KNOWN_HOSTS if pattern.search(host)), None) if host else None


def _segment_country(segment: str, before: str) -> str | None:
    """Rules 1-5 on one segment; `before` is the segment written before it (a state's city)."""
    state = places.state_code(segment)
    # 'Athens, GA', 'Pasadena, Calif.', 'Waterloo, ON', 'Perth, WA': a region after its city
    if before and (country := places.region_country(before, segment)):
        return country
    code = country_code(segment)
    if code:
        # 'Amherst, MA': a state's postal code after a place that is no known city abroad
        if state and _TWO_LETTERS.fullmatch(segment.strip()) and before and (
                postal := places.postal_country(before, segment)):
            return postal
        return code
    if state and not _TWO_LETTERS.fullmatch(segment.strip()):
        return "US"
    return places.city_country(segment) or _inside(segment)


def _inside(segment: str) -> str | None:
    """A place named inside a longer segment: a state in a US institution's name, a country or a city."""
    institution = bool(ex._INSTITUTION.search(segment) or re.search(r"\b(?:Tech|State)\b", segment))
    if institution and any(places.state_code(run) for run in _runs(segment, keep_generic=True)):
        return "US"  # 'University of Georgia', 'Ohio State University', 'University of New Mexico'
    if countries_in(segment):
        return last_country(segment)
    if institution:
        for run in reversed(_runs(segment)):
            if found := places.city_country(run):
                return found
    return None


def _runs(segment: str, keep_generic: bool = False) -> list[str]:
    """Runs of capitalised words; without `keep_generic`, cut at an institution's generic words."""
    if keep_generic:
        words = segment.split()  # word n-grams of up to three words, postal codes left out
        grams = (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(i + 3, len(words)) + 1))
        return [g for g in grams if len(g) > 2]
    text = _GENERIC.sub(" , ", re.sub(r"\.(?:\s|$)", " , ", segment))  # 'Invited talk. University of Cape Town.'
    return [m.group(0).strip() for m in _RUN.finditer(text)
            if m.group(0).strip() and not _GENERIC.fullmatch(m.group(0).strip())]


def _trailing_city(segment: str, _before: str = "") -> str | None:
    """Rule 6: the segment's last one to three words name a city ('ICML Honolulu', 'NeurIPS New Orleans')."""
    words = segment.split()
    if ex._INSTITUTION.search(segment) or not _VENUE.search(segment):  # an institution's places were read by
        return None  # rule 5 ('Victoria University'); a title is no venue ('Deep Learning for Mobile')
    for size in (3, 2, 1):
        if len(words) > size and all(w[:1].isupper() and not _GENERIC.fullmatch(w) for w in words[-size:]):
            if found := places.city_country(" ".join(words[-size:])):
                return found
    return None


def _adjective_country(segment: str, _before: str = "") -> str | None:
    """Rule 7: 'Chinese Academy of Sciences', 'Indian Institute of Science', 'Swiss Federal Institute'."""
    lead = _ADJECTIVE_LEAD.match(segment)
    return demonym(lead.group(1)) if lead else None


def _listed_country(host: str, host_countries: Mapping[str, str]) -> str | None:
    """A listed institution (a name or alias; keys folded by places.name_countries) has the list's country."""
    return host_countries.get(places.fold(host)) if host else None
