"""A CV (or any free-text document) -> the facts of a Profile, each with its evidence.

Steps: lines -> sections by heading -> entries -> one spaCy pass over all entries (NER + the
gazetteer ruler) -> per-section readers that build the typed records. Patents and talent programs
are looked for in every section: CVs mention them anywhere (a talent program under Honors or
Employment, a patent under Publications).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from intake.extract import entries as ex
from intake.countries import country_code, demonym, last_country
from intake.person_names import MARKS, PARTICLES, reads_as_name
from intake.extract.dates import HYPHENS, day_first_dates, first_range, writes_day_first
from intake.extract.patents import find_patents
from intake.extract.talks import talk_country, talk_parts, talk_text
from intake.extract.sections import (
    Block,
    Line,
    Section,
    entry_text,
    field_labels,
    join_wrapped_dates,
    split_entries,
    split_sections,
    strip_bullet,
)
from intake.records import (
    Affiliation,
    DateRange,
    Document,
    Education,
    Evidence,
    Funding,
    HostedVisitor,
    Profile,
    Publication,
    TalentProgram,
    Travel,
)

_DEGREE = re.compile(
    r"\b(Ph\.?\s?D\.?|D\.?Phil\.?|Doctor(?:ate)?(?: of [A-Z][a-z]+)?|Dr\.\s?rer\.\s?nat\.|Habilitation|"
    r"PHD|M\.?\s?Sc\.?|M\.?\s?S\.?|(?<!, )M\.?\s?A\.?|M\.?\s?Eng\.?|M\.?\s?Phil\.?|MBA|Master(?:'s)?(?: of [A-Z][a-z]+)?|"
    r"B\.?\s?Sc\.?|B\.?\s?S\.?|B\.?\s?A\.?|B\.?\s?Eng\.?|Bachelor(?:'s)?(?: of [A-Z][a-z]+)?|Diplom\w*|"
    r"Diploma|Specialist|Candidate of Sciences|Kandidat\w*|Licen[cs]\w+)(?![\w])",
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a name line: the name (person_names.reads_as_name) after a title, before a doctorate
_NAME_LINE = re.compile(r"^(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?(.+?)(?:,\s*(?:Ph\.?D|M\.?D)\.?)?$")
_NAME_LABEL = re.compile(r"^\s*(?:姓名\s*(?:(?:full\s+)?name)?|(?:full\s+)?name|first\s+name(?:\(s\)|s)?\s*/\s*surname(?:\(s\)|s)?)"
                         r"\s*[:：\-]\s*(.+)$", re.IGNORECASE)
# '林晓雯 (Lin Xiaowen)' or 'Lin Xiaowen (林晓雯)': a name in Chinese characters beside its romanisation
_CJK_NAME = re.compile(r"^([\u3400-\u9fff]{2,4})\s*[（(]\s*([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s*[)）]$"
                       r"|^([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s*[（(]\s*([\u3400-\u9fff]{2,4})\s*[)）]$")
_LETTERS = re.compile(rf"(?:[^\W\d_][{MARKS}]*)+")  # a run of letters with their accents
_FAMILY_FIRST = re.compile(r"^([^,]+),\s*([^,]+)$")  # 'Halvorsen-Mbeki, Ingrid', 'van der Wal, Marek'
_CV_TITLE = re.compile(r"^\s*(?:curriculum vitae|resume|résumé|cv)\b[\s:—–-]*(?:of\s+)?(.*)$", re.IGNORECASE)
_CV_TITLE_AFTER = re.compile(r"[\s,:—–-]+(?:curriculum vitae|curriculum vitæ|resume|résumé|cv)\s*$", re.IGNORECASE)
_OTHER_NAMES = re.compile(
    r"^\s*(?:other names?|also known as|a\.?k\.?a\.?|former names?|previous names?|n[ée]e|"
    r"name in (?:native|original) script|chinese name|russian name|native name)\s*[:\-]?\s*(.+)$",
    re.IGNORECASE,
)
_CITIZENSHIP = re.compile(r"\b(?:citizenships?|nationality|nationalities|citizen of|national of)\s*[:\-]?\s*(.+)$",
                          re.IGNORECASE)
_RESIDENCE = re.compile(
    r"\b(?:country of residence|residence|resident of|permanent resident(?: of)?|residing in|lives in)"
    r"\s*[:\-]?\s*(.+)$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(r"\b(?:curriculum|vitae|resume|university|institute|department|professor|"
                         r"email|phone|address|page|contents|citizenship|nationality)\b", re.IGNORECASE)
_FUNDING_WORDS = re.compile(r"\b(?:grant|funded|funding|support(?:ed)?|award(?:ed)?|fellowship)\b", re.IGNORECASE)
_TALK_WORDS = re.compile(r"\b(?:talk|lecture|keynote|seminar|presentation|colloquium|plenary|invited|visit|"
                         r"trip|travel|workshop|conference|symposium|speaker)\b", re.IGNORECASE)
# "Funded by the Department of Energy (DE-SC0006260)": the funder a grant line names in words.
_FUNDED_BY = re.compile(r"\b(?i:funded|supported|sponsored|awarded)\s+by\s+(?:the\s+)?((?:U\.\s?S\.\s+)?[A-Z][^,;()]{1,80}?)"
                        r"(?=\s*(?:[,;(.]|\bunder\b|\bgrant\b|\bwith\b|$))")
_QUOTED = re.compile(r"[\"“”‘’']([^\"“”‘’']{6,200})[\"“”‘’']")


@dataclass
class Tagged:
    """An entry with what the spaCy pass found in it."""

    block: Block
    lines: list[Line]
    text: str
    listed_orgs: list[str] = field(default_factory=list)
    ner_orgs: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)

    @property
    def lined(self) -> str:
        """The entry's text with its line breaks kept (where one line's organisation ends)."""
        return entry_text(self.lines, "\n")

    def evidence(self, doc: Document) -> list[Evidence]:
        first = self.lines[0]
        return [Evidence(document_sha256=doc.sha256, page=first.page, line=first.number, quote=self.text[:500])]


def document_lines(doc: Document) -> list[Line]:
    """Every non-empty line of a document with its page and line number."""
    out = []
    for page in doc.pages:
        headings = {h.strip() for h in page.headings}
        body_text = {h.strip() for h in page.not_headings}
        # a line written again and again on a page ('INVITED TALK' over each talk) labels entries: a
        # section is headed once
        repeated = Counter(raw.strip().casefold() for raw in page.text.splitlines() if raw.strip())
        for number, raw in enumerate(page.text.splitlines(), start=1):
            if raw.strip():
                text = raw.strip()
                known = True if text in headings else False if text in body_text or repeated[
                    text.casefold()] > 1 else None
                out.append(Line(text=text.translate(HYPHENS), page=page.number, number=number, heading=known))
    return out


def paragraph_starts(doc: Document) -> frozenset[tuple[int, int]]:
    """(page, line number) of each line that opens a paragraph: an empty line stands above it."""
    starts = set()
    for page in doc.pages:
        lines = page.text.splitlines()
        starts.update((page.number, number) for number in range(2, len(lines) + 1)
                      if lines[number - 1].strip() and not lines[number - 2].strip())
    return frozenset(starts)


def tag_entries(blocks: list[Block], nlp, cjk: list[tuple[str, str]],
                paragraphs: frozenset[tuple[int, int]] = frozenset()) -> list[Tagged]:
    """Split blocks into entries and run the pipeline once over all of them."""
    tagged = [
        Tagged(block=block, lines=lines, text=entry_text(lines))
        for block in blocks
        for lines in split_entries(block.lines, paragraphs)
    ]
    # each distinct text through the model once: a hostile CV repeats a few entries thousands of times
    texts = list(dict.fromkeys(t.text for t in tagged))
    found = {text: ([(e.text, e.label_, e.ent_id_) for e in doc.ents], [(lb, ph) for lb, ph in cjk if ph in text])
             for text, doc in zip(texts, nlp.pipe(texts), strict=True)}
    for item in tagged:
        ents, phrases = found[item.text]
        for ent_text, label, ent_id in ents:
            text = ex.clean(ent_text)
            if label == "ORG" and ent_id:
                item.listed_orgs.append(text)
            elif label == "ORG":
                item.ner_orgs.append(text)
            elif label == "FUNDER":
                item.funders.append(text)
            elif label == "PROGRAM":
                item.programs.append(text)
            elif label == "PERSON":
                item.persons.append(text)
        for label, phrase in phrases:
            {"ORG": item.listed_orgs, "FUNDER": item.funders, "PROGRAM": item.programs}.get(
                label, item.listed_orgs).append(phrase)
    return tagged


MIN_LINES_FOR_POSTS = 15  # a text this long that names no post is a CV whose layout was not understood


def read_cv(doc: Document, nlp, cjk: list[tuple[str, str]], profile: Profile,
            host_countries: Mapping[str, str] | None = None) -> None:
    """Add the facts of one free-text document to the profile (host_countries: see talks.talk_country)."""
    with day_first_dates(writes_day_first("\n".join(page.text for page in doc.pages))):
        _read_cv_text(doc, nlp, cjk, profile, host_countries or {})


def _read_cv_text(doc: Document, nlp, cjk: list[tuple[str, str]], profile: Profile,
                  host_countries: Mapping[str, str]) -> None:
    lines = join_wrapped_dates(field_labels(document_lines(doc)))
    blocks = split_sections(lines)
    tagged = tag_entries(blocks, nlp, cjk, paragraph_starts(doc))
    _read_person(doc, blocks, tagged, profile)
    before = len(profile.patents), len(profile.funding), len(profile.talent_programs)
    posts_before = _posts(profile)
    for item in tagged:
        section = item.block.section
        reader = _READERS.get(section)
        if section == Section.TALKS or (section in _TALKS_MAY_STAND_IN and _told_as_talk(item)):
            _talk(doc, item, profile, host_countries)
        elif reader:
            reader(doc, item, profile)
        _anywhere(doc, item, profile)
    _patents_across_entries(doc, [t for t in tagged if t.block.section == Section.PATENTS], profile, before[0])
    # repeats dropped once at the end, not looked for in the whole list at each entry (issue 13:
    # 6,000 patent lines made that search quadratic); the first of each is kept, as before
    _drop_repeats(profile.patents, before[0], lambda p: _patent_key(p.number))
    _drop_repeats(profile.funding, before[1], lambda f: (f.funder, f.evidence[0].quote) if f.evidence else None)
    _drop_repeats(profile.talent_programs, before[2], lambda t: (t.name, t.evidence[0].quote) if t.evidence else None)
    _say_what_was_not_read(doc, lines, profile, posts_before)


# sections where a CV files its talks when its template has no place for them (JSON Resume themes:
# 'Projects', 'Publications', 'Volunteering', 'Awards'); an entry there that says it is a talk is one
_TALKS_MAY_STAND_IN = frozenset({Section.FUNDING, Section.PUBLICATIONS, Section.HONORS, Section.SERVICE,
                                 Section.OTHER})
# an entry that says it is a talk, first ('Invited talk at ...', 'Seminar at ...', 'Keynote, ...') or
# after its host ('Tsinghua University, Invited talk "Molten salts", Beijing, China')
_TALK_SAID = re.compile(r"\b(?:invited|keynote|plenary)\s+(?:talk|lecture|speaker|address|presentation|seminar)\b"
                        r"|^(?:[-•·*|]\s*)?(?:(?:seminar|colloquium|talk|lecture)\s+(?:at|to|for|given)|keynote)\b",
                        re.IGNORECASE)


def _told_as_talk(item: Tagged) -> bool:
    """An entry one of whose lines says it is a talk ('Invited talk at Academia Sinica')."""
    return any(_TALK_SAID.search(ln.text.strip()) for ln in item.lines)


def _say_what_was_not_read(doc: Document, lines: list[Line], profile: Profile, posts_before: int) -> None:
    """A CV of which no post or degree could be read says so where the reviewer looks: its layout was
    not understood, and only the full-text sweep (which needs no structure) screened it."""
    if _posts(profile) == posts_before and len(lines) >= MIN_LINES_FOR_POSTS:
        profile.warnings.append(f"{doc.file_name}: no appointment or degree could be read from its {len(lines)} "
                                "lines, so its layout was probably not understood; every listed name in its text "
                                "was still screened, but read the CV itself for posts and dates")


def _posts(profile: Profile) -> int:
    return len(profile.affiliations) + len(profile.visiting_appointments) + len(profile.education)


def _drop_repeats(items: list[Any], since: int, key: Callable[[Any], object]) -> None:
    """Drop the items added from `since` on whose key an earlier item has (an item keyed None is
    never a repeat)."""
    seen = {key(x) for x in items[:since]} - {None}
    kept = items[:since]
    for item in items[since:]:
        k = key(item)
        if k is None or k not in seen:
            seen.add(k)
            kept.append(item)
    items[:] = kept


# ---------------------------------------------------------------- person


def _read_person(doc: Document, blocks: list[Block], tagged: list[Tagged], profile: Profile) -> None:
    person = profile.person
    header = [ln for b in blocks if b.section in {Section.HEADER, Section.PERSONAL} for ln in b.lines]
    for line in header[:40]:
        ev = [Evidence(document_sha256=doc.sha256, page=line.page, line=line.number, quote=line.text[:500])]
        text = line.text
        if not person.name:
            name = _name_from(text)
            if name:
                person.name, person.evidence = name, ev
                written = [w for w in re.findall(r"[\u3400-\u9fff]{2,4}", text) if w != "姓名"]
                person.other_names.extend(w for w in written[:1] if w not in person.other_names)
                continue
        if person.email is None and (m := _EMAIL.search(text)):
            person.email = m.group(0)
        if m := _OTHER_NAMES.match(text):
            for other in re.split(r"[;,/]", m.group(1)):
                if ex.clean(other) and ex.clean(other) not in person.other_names:
                    person.other_names.append(ex.clean(other))
            person.evidence.extend(ev)
        elif m := _CITIZENSHIP.search(text):
            for code in _country_list(m.group(1)):
                if code not in person.citizenships:
                    person.citizenships.append(code)
            person.evidence.extend(ev)
        elif (m := _RESIDENCE.search(text)) and person.residence_country is None:
            person.residence_country = _country_list(m.group(1))[:1][0] if _country_list(m.group(1)) else None
            person.evidence.extend(ev)
    if person.email is None:
        for line in (ln for b in blocks for ln in b.lines):
            if m := _EMAIL.search(line.text):
                person.email = m.group(0)
                break


def _name_from(text: str) -> str | None:
    """A person's name from a header line ('Jane Q. Doe', 'Name: Jane Doe', 'Curriculum Vitae: Jane Doe')."""
    for pattern in (_NAME_LABEL, _CV_TITLE):
        m = pattern.match(text)
        if m:
            text = m.group(1).strip()
            # 'NAME: Halvorsen-Mbeki, Ingrid' (NIH biosketch): family name first
            if (pattern is _NAME_LABEL and (inverted := _FAMILY_FIRST.match(text))
                    and reads_as_name(inverted.group(1), 1, 4, particle_may_lead=True)
                    and reads_as_name(inverted.group(2), 1, 3)):
                text = f"{inverted.group(2)} {inverted.group(1)}"
            break
    if both := _CJK_NAME.match(text.strip()):
        return both.group(2) or both.group(3)
    text = re.split(r"\s+[|•·]\s+|\s{3,}", text)[0].strip()
    text = _CV_TITLE_AFTER.sub("", text)  # 'Jane Doe — Curriculum Vitae'
    m = _NAME_LINE.match(text)
    if m and _name_words(m.group(1).strip()) and not _NOT_A_NAME.search(text):
        return readable_name(unicodedata.normalize("NFC", m.group(1).strip()))
    return None


def _name_words(text: str) -> bool:
    """Two to four words of a name, besides its particles ('Marek van der Wal'), the first a word of
    two letters at least (not an initial: 'A Study of ...' is no name)."""
    words = text.split()
    named = [w for w in words if w not in PARTICLES]
    return (2 <= len(named) <= 4 and len(words) <= 6 and sum(c.isalpha() for c in words[0]) >= 2
            and reads_as_name(text, 2, 6))


def readable_name(name: str) -> str:
    """'TOBIAS LINDQVIST' -> 'Tobias Lindqvist': a name set in capitals (a design's small caps or CSS
    uppercase) is given as written in prose, and so is a family name in capitals."""
    if not _mostly_capitals(name):
        # 'Marisol ORTEGA-VANCE': the family name in capitals, as European CVs write it
        return _LETTERS.sub(lambda m: m.group(0).capitalize() if m.group(0).isupper() and len(m.group(0)) > 1
                            else m.group(0), name)
    # 'MAREK VAN DER WAL' -> 'Marek van der Wal': a particle inside the name is written small
    words = name.split()
    return " ".join(w.lower() if 0 < i < len(words) - 1 and w.lower() in PARTICLES
                    else _LETTERS.sub(lambda m: m.group(0).capitalize(), w) for i, w in enumerate(words))


def _mostly_capitals(name: str) -> bool:
    """Set in capitals, but for a letter its accent kept in lower case ('DEMIRTAş-HALE': TeX's \\c{s}
    escapes \\uppercase)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(len(letters) - 1, 0.9 * len(letters))


def _country_list(text: str) -> list[str]:
    """Codes of the countries in 'Canada and France', 'Chinese / Canadian', 'Germany (dual: UK)'."""
    codes = []
    for part in re.split(r"[;,/()]|\band\b|&", text):
        part = part.strip()
        code = country_code(part) or demonym(part) or last_country(part)
        if code and code not in codes:
            codes.append(code)
    return codes


# ---------------------------------------------------------------- section readers


def _organisation(item: Tagged, entry: ex.Entry) -> str | None:
    """Listed names first (exact list wording), then keyword segments, then the NER model's ORG."""
    if item.listed_orgs:
        return max(item.listed_orgs, key=len)
    found = ex.institution(entry)
    if found:
        return found
    short = ex.abbreviated_institution(entry)
    if short and short in entry.segments:  # 'UT Austin, Austin, TX': named by its short form
        return short
    units = []
    for span in item.ner_orgs:
        for org in ex.organisation_parts(span):
            if not ex.is_sub_unit(org):
                return org
            units.append(org)
    # 'Department of Physics, UC Berkeley': the short-named university, not its department
    return short or (units[0] if units else None)


def _affiliation(doc: Document, item: Tagged, profile: Profile) -> None:
    entry = ex.read_entry(item.lined)
    org = _organisation(item, entry)
    if not org:
        return
    org = ex.bare_organisation(org)
    if ex.is_sub_unit(org):  # the employer is not written in the entry: say so rather than guess
        profile.warnings.append(f"{doc.file_name}: the appointment '{item.text[:80]}' names a unit ({org}) "
                                "but not the organisation it belongs to")
    low = entry.lower
    visiting = item.block.section == Section.VISITING or bool(re.search(r"\b(?:visiting|guest)\b", low))
    record = Affiliation(
        organisation=org,
        country=entry.country,
        role=ex.role(entry, org),
        unit=ex.sub_unit(entry, org),  # the department or lab: where the post sits, not the employer
        period=entry.period,
        paid=ex.paid(item.text),
        honorary="honorary" in low,
        adjunct="adjunct" in low,
        visiting=visiting,
        evidence=item.evidence(doc),
    )
    (profile.visiting_appointments if visiting else profile.affiliations).append(record)


def _education(doc: Document, item: Tagged, profile: Profile) -> None:
    entry = ex.read_entry(item.lined)
    org = _organisation(item, entry)
    if not org:
        return
    degree = _DEGREE.search(item.text)
    profile.education.append(Education(
        organisation=ex.bare_organisation(org), country=entry.country, degree=degree.group(1) if degree else "",
        period=entry.period, evidence=item.evidence(doc),
    ))


def _funding(doc: Document, item: Tagged, profile: Profile) -> None:
    entry = ex.read_entry(item.text)
    funded_by = _FUNDED_BY.search(item.text)
    if item.funders:
        funder = max(item.funders, key=len)
    elif funded_by and ex.plausible_organisation(ex.clean(funded_by.group(1))):
        funder = ex.clean(funded_by.group(1))
    else:
        funder = _funder_on_number_line(item) or _organisation(item, entry) or _funder_by_kind(entry)
    if funder:
        funder = ex.without_grant_id(funder)
    if not funder:
        return
    _add_funding(doc, item, entry, funder, profile)


# funders named by their kind ('Leverhulme Trust', 'Newton Fund', 'Fondation ...'), no institution's word
_FUNDER_KIND = re.compile(r"\b(?:Fund|Funds|Trust|Forum|Endowment|Fundaç(?:ão|ao)|Fundación|Fondazione|Fondation|"
                          r"Stiftung|Fonds|Agence|Agencia|Agenzia|Bundesministerium|Ministerio|Ministère|Ministero)\b")


def _funder_on_number_line(item: Tagged) -> str | None:
    """The organisation on the line that carries the grant's number ('Leverhulme Trust, grant
    RPG-2019-123' under the grant's title): a title names the project or the scheme ('General
    Research Fund: ...'), the number's line the funder, by an institution's word or a funder's kind
    (a part of its name the NER model may cut: 'Fundação de Amparo'). None: the entry's organisation
    is found as any entry's (the NER model's spans there are no better: currencies, grant codes)."""
    for line in (ln for ln in item.lined.split("\n") if ln.strip()):
        if ex.grant_id(line) is None:
            continue
        found = ex.institution(entry := ex.read_entry(line)) or _funder_by_kind(entry)
        if found:
            return found
    return None


def _funder_by_kind(entry: ex.Entry) -> str | None:
    return next((s for s in entry.segments if _FUNDER_KIND.search(s) and ex.plausible_organisation(s)), None)


def _add_funding(doc: Document, item: Tagged, entry: ex.Entry, funder: str, profile: Profile) -> None:
    profile.funding.append(Funding(
        funder=funder, country=entry.country, grant_id=ex.grant_id(item.text), period=entry.period,
        amount=ex.amount(item.text), role=ex.funding_role(item.text), evidence=item.evidence(doc),
    ))


def _talk(doc: Document, item: Tagged, profile: Profile, host_countries: Mapping[str, str]) -> None:
    period = None
    parts = talk_parts(talk_text(item.lined))  # its lines are its parts: a title line is not the host
    for text in parts:
        entry = ex.read_entry(text)
        # '2023' over two hosts' lines: the second talk has the year of the first
        period = entry.period if entry.period.start or period is None else period
        host = _organisation(item, entry) if len(parts) == 1 else (
            max((o for o in item.listed_orgs if o in text), key=len, default="") or ex.institution(entry)
            or ex.abbreviated_institution(entry))
        quoted = _QUOTED.search(text)
        country = talk_country(text, host or "", host_countries)
        if country is None:  # kept, and said: a talk's country decides the travel rules
            profile.warnings.append(f"{doc.file_name}: the talk '{text[:80]}' names no place or host whose "
                                    "country is known; its country is not known")
        profile.travel.append(Travel(
            country=country, host=host or "", event=quoted.group(1) if quoted else "",
            when=period, sponsored=ex.sponsored(text), honorarium=ex.honorarium(text),
            evidence=item.evidence(doc),
        ))


def _hosted(doc: Document, item: Tagged, profile: Profile) -> None:
    entry = ex.read_entry(item.text)
    org = _organisation(item, entry) or ""
    name = item.persons[0] if item.persons else next(
        (s for s in entry.segments if not ex._INSTITUTION.search(s) and not ex.is_place(s)
         and re.match(r"^(?:Dr\.?\s+|Prof\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3}$", s)), "")
    if not org and not name:
        return
    profile.hosted_visitors.append(HostedVisitor(
        name=re.sub(r"^(?:Dr|Prof)\.?\s+", "", name), organisation=org, country=entry.country,
        period=entry.period, evidence=item.evidence(doc),
    ))


def _publication(doc: Document, item: Tagged, profile: Profile) -> None:
    quoted = _QUOTED.search(item.text)
    title = quoted.group(1) if quoted else _title_guess(item.text)
    if not title:
        return
    period = first_range(item.text)
    year = period.end.year if period.end else (period.start.year if period.start else None)
    profile.publications.append(Publication(title=title, year=year, evidence=item.evidence(doc)))


def _title_guess(text: str) -> str:
    """The longest sentence of a reference ('Authors. Title. Venue, year.') as its title."""
    parts = [p.strip() for p in re.split(r"(?<=[a-z\d)])\.\s+", text) if len(p.strip()) > 10]
    return max(parts, key=len)[:300] if parts else ""


def _honors(doc: Document, item: Tagged, profile: Profile) -> None:
    """Honors hold talent programs (found anywhere) and sometimes funding ('NSFC Excellent Young Scholars')."""
    if item.funders and not item.programs and _FUNDING_WORDS.search(item.text):
        _add_funding(doc, item, ex.read_entry(item.text), max(item.funders, key=len), profile)
    elif not item.programs and ex.grant_id(item.text) and ex.amount(item.text):
        # a grant among the awards (JSON Resume has no grants section), by its number and amount: its
        # funder is the awarder, 'Awarded by African Academy of Sciences' or an organisation's name
        # on a line of its own under the title ('Natural Sciences and Engineering Research Council')
        lines = [ln.text for ln in item.lines]
        awarders = [ex.clean(by.group(1)) for line in lines if (by := _FUNDED_BY.search(line))]
        awarders += [ex.readable_case(ex.clean(line)) for line in lines[1:] if _names_an_organisation(line)]
        # ... or after the title on its line ('Perovskite solar cells, National Foundation for Science' /
        # 'and Technology Development'), the lines joined
        entry = ex.read_entry(item.text)
        awarders += [s for s in entry.segments[1:] if _names_an_organisation(s)]
        funder = next((f for f in awarders if ex.plausible_organisation(f)), None)
        if funder:
            _add_funding(doc, item, entry, funder, profile)


def _names_an_organisation(line: str) -> bool:
    """A line that is an organisation's name and nothing else: its kind's word (in capitals too: 'DEFENCE
    RESEARCH AND DEVELOPMENT ORGANISATION'), no digits, no unit."""
    text = ex.clean(line.lstrip("|• "))
    text = text.title() if text.isupper() else text
    return (not any(ch.isdigit() for ch in text) and "|" not in text and len(text.split()) <= 12
            and bool(ex.names_institution(text) or _FUNDER_KIND.search(text)) and not ex.is_sub_unit(text))


def _anywhere(doc: Document, item: Tagged, profile: Profile) -> None:
    """Talent programs, patents and funders named outside their own sections."""
    period = first_range(item.text)
    # '青年千人计划' also contains '千人计划' and '青年千人': the longest name found is the program
    named = list(dict.fromkeys(item.programs))
    for program in (p for p in named if not any(p != q and p in q for q in named)):
        profile.talent_programs.append(TalentProgram(name=program, period=period, evidence=item.evidence(doc)))
    if item.block.section != Section.PATENTS:
        for patent in find_patents(item.lined, in_patent_section=False):  # lined: a number alone on its line
            _add_patent(profile, patent, item.evidence(doc))
    if (item.funders and item.block.section in {Section.EMPLOYMENT, Section.HEADER, Section.OTHER}
            and _FUNDING_WORDS.search(item.text)):
        _add_funding(doc, item, ex.read_entry(item.text), max(item.funders, key=len), profile)


def _patents(doc: Document, item: Tagged, profile: Profile) -> None:
    for patent in find_patents(item.text, in_patent_section=True):
        _add_patent(profile, patent, item.evidence(doc))


def _add_patent(profile: Profile, patent, evidence: list[Evidence]) -> None:
    profile.patents.append(patent.model_copy(update={"evidence": evidence}))


def _patents_across_entries(doc: Document, items: list[Tagged], profile: Profile, since: int) -> None:
    """A number a narrow column wrapped away from its office ('..., DE' / '10 2018 002 859 A1') can
    fall into the next entry: two neighbouring entries of a Patents section are read once more as one
    text. A number found there with its office completes the same number found without one; a number
    found only there is added, quoting both entries."""
    known = {_bare_number(p.number): i for i, p in enumerate(profile.patents) if i >= since}
    for a, b in zip(items, items[1:]):
        if a.block is not b.block:
            continue
        # joined at a line break, which an office code may cross ('DE' / '10 2018 ...') but a number's
        # digit groups may not ('PE 2021-001234' / '2020 | Rapid assay')
        for patent in find_patents(f"{a.text}\n{b.text}", in_patent_section=True):
            key = _bare_number(patent.number)
            at = known.get(key)
            if at is None:
                _add_patent(profile, patent, [*a.evidence(doc), *b.evidence(doc)])
                known[key] = len(profile.patents) - 1
            elif profile.patents[at].office is None and patent.office:
                profile.patents[at] = profile.patents[at].model_copy(update={"office": patent.office,
                                                                              "number": patent.number})


def _bare_number(number: str) -> str:
    """A patent's key without its office prefix or kind code ('DE 10 2018 002 859 A1' -> '102018002859')."""
    return re.sub(r"^[A-Z]{2}(?=I?\d)|[A-Z]\d?$", "", _patent_key(number))


def _patent_key(number: str) -> str:
    """One patent however its number is spaced or punctuated."""
    return re.sub(r"[\s,./-]", "", number).upper()


_READERS = {
    Section.EMPLOYMENT: _affiliation,
    Section.VISITING: _affiliation,
    Section.EDUCATION: _education,
    Section.FUNDING: _funding,
    Section.HOSTED: _hosted,
    Section.PUBLICATIONS: _publication,
    Section.PATENTS: _patents,
    Section.HONORS: _honors,
}


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


__all__ = ["read_cv", "DateRange"]
