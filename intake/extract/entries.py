"""One CV entry's text split into its parts: period, organisation, role, country, amounts, flags.

An entry is a few lines such as "Associate Professor, School of Physics, Tsinghua University,
Beijing, China, 2016-2019" or "2016–2019 | Tsinghua University (Beijing, China) | Professor". Dates
are taken out first, then the rest is cut at separators into segments, and each segment is
classified. Organisation names found by the gazetteer (listed names) or the NER model are preferred;
otherwise a segment that names an institution is chosen over a department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

from intake import places
from intake.countries import countries_in, country_code
from intake.extract.dates import find_ranges
from intake.legal_forms import LEGAL_FORMS
from intake.records import DateRange

_SEPARATORS = re.compile(r"\s*(?:[,;|()\[\]\t·•]|\s[—–-]\s|—|\s{3,}|:\s)\s*")
_INSTITUTION = re.compile(
    r"\b(?:Universit(?:y|ies|ät|at|é|e|à|a|eit)|Universidad(?:e)?|Univ\b|Institut(?:e|o)?|Inst\b|Academy|Academia|Akademie|"
    r"College|Polytechnic|Politecnico|Polytechnique|Hochschule|Laborator(?:y|ies)|Labs?\b|Cent(?:er|re)\b|"
    r"Hospital|Clinic|Foundation|Council|Agency|Ministry|Corporation|Corp\b|Inc\b|Ltd\b|Limited|LLC|GmbH|"
    r"AG\b|Company|Co\.|Group\b|Technologies|Observatory|Organi[sz]ation|Society|Commission|Bureau|"
    r"Administration|Office\b|Service\b|Authority|CNRS|CERN|ETH\b|EPFL|Max Planck|Fraunhofer|CSIRO|"
    r"RIKEN|INRIA|Inria|NIH|NASA|DARPA|Google|Microsoft|IBM|Huawei|Siemens|Samsung|Intel\b|Nokia|Baidu|"
    r"Alibaba|Tencent|Meta\b|Amazon|Apple\b|NVIDIA|Nvidia|Bell Labs|Toshiba|Hitachi|Sony|Philips|Nokia Bell|Ericsson)",
)
_STRONG_INSTITUTION = re.compile(
    r"\b(?:Universit\w*|Univ\b|Academy|Academia|Akademie|Polytechnic|Politecnico|Polytechnique|"
    r"Hochschule|Corporation|Company|Inc\b|Ltd\b|GmbH|Max Planck|CNRS|CERN|ETH\b|EPFL|"
    r"Institut\w* (?:of|for) (?:Technology|Science)\b)"
)
_SUB_UNIT = re.compile(
    r"^(?:Department|Dept\b|School of|Faculty|Division|Section|Chair of|Group|Key Lab|State Key|"
    r"Laboratory (?:of|for)|Lab (?:of|for)|College of|Graduate School|Program in|Centre for|Center for|"
    r"Institute (?:of|for) (?!Technology\b)|Centre (?:of|on)|Center (?:of|on)|Unit (?:of|for))",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:professor|lecturer|reader|researcher|scientist|fellow|engineer|director|postdoc\w*|"
    r"post-doc\w*|chair|dean|head|investigator|associate|assistant|visiting|adjunct|honorary|"
    r"intern|student|scholar|consultant|advisor|adviser|member|manager|analyst|developer|"
    r"instructor|tutor|faculty|staff|officer|president|founder|ceo|cto|principal|senior|junior|"
    r"guest|research|affiliate|chief|lead)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# every ISO 4217 code before a sum written with its thousands grouped or its scale ('VND 1,200,000,000',
# 'SGD 1,200,000', 'INR 2.4 crore'): grants are paid in any currency
_CURRENCIES = "|".join(sorted(c.alpha_3 for c in pycountry.currencies))
_SCALE = r"(?:\s?(?:[kKmM]\b|million|thousand|billion|crore|lakh))"
AMOUNT = re.compile(
    rf"(?:(?:US\$|USD|EUR|€|£|GBP|¥|CNY|RMB|JPY|RUB|₽|CHF|CAD|AUD|\$)\s?\d(?:[\d,.]*\d)?{_SCALE}?"
    rf"|\b(?:{_CURRENCIES})\s?(?:\d{{1,3}}(?:[,.\s]\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?{_SCALE}|\d{{5,}})"
    r"|\d(?:[\d,.]*\d)?\s?(?:USD|EUR|GBP|CNY|RMB|JPY|RUB|CHF|yuan|euros?|dollars|rubles))"
)
_GRANT_ID = re.compile(
    r"(?:\b(?:grant|award|project|contract|agreement)\s*(?:no\.?|number|#|id)?|\bno\.|#)\s*:?\s*"
    r"([A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*)",
    re.IGNORECASE,
)
# Agency-style award numbers: "DMR-1812345", "EP/T012345/1", "R01 GM123456", "19-12-00234".
_AGENCY_ID = re.compile(r"\b[RKUPTFDS]\d\d\s?[A-Z]{2}\d{6}\b"  # NIH: activity code + institute + serial
                        r"|\b(?:[A-Z]{1,6}[- /]?)?\d{2}[\d/-]{4,}\d(?:/\d)?\b|\b[A-Z]{2,6}[-/ ]?\d{6,8}\b")
FUNDING_ROLE = re.compile(r"\b(co-?PI|PI|co-?I|principal investigator|co-investigator|participant|"
                           r"investigator|lead|member|sub-?award PI|(?:senior|key) personnel|collaborator|"
                           r"co-?applicant|(?:lead |principal )?applicant|grant ?holder|recipient)\b", re.IGNORECASE)


@dataclass
class Entry:
    """An entry's text with the parts read from it."""

    text: str
    period: DateRange
    segments: list[str]
    country: str | None
    organisations: list[str] = field(default_factory=list)  # from gazetteer/NER spans, best first

    @property
    def lower(self) -> str:
        return self.text.lower()


def clean(text: str) -> str:
    """Collapse spaces and strip punctuation and a leading 'the' from a name."""
    text = " ".join(text.split()).strip(" .,;:-–—'\"“”‘’*")
    return re.sub(r"^(?:the|at|in)\s+", "", text, flags=re.IGNORECASE)


# "Technion - Israel Institute of Technology": one name written with a spaced dash, not two segments
_DASHED_NAME = re.compile(r"\b([A-Z][a-z]{3,})\s+[-–]\s+(?=(?:[A-Z][a-z]+\s+){1,3}(?:Institute|University)\b)")


# "University of California, Berkeley": each campus is its own university; the comma is part of the name
UC_CAMPUS = re.compile(r"\b(University of California),\s+(Berkeley|Los Angeles|San Diego|Davis|Irvine|Santa Barbara|"
                       r"Santa Cruz|Riverside|Merced|San Francisco)\b", re.IGNORECASE)  # also in capitals


def segments_of(text: str) -> list[str]:
    """The entry cut at its separators, dates and e-mail addresses removed, empty parts dropped.
    `text` may keep its line breaks: see _line_parts."""
    for found in reversed(find_ranges(text)):
        text = text[: found.start] + " , " + text[found.end :]
    text = _DASHED_NAME.sub(r"\1-", text)
    text = UC_CAMPUS.sub(r"\1 \2", text)
    text = _EMAIL.sub(" , ", text)
    text = _CAPS_RUN.sub(lambda run: f" , {run.group(0)} , ", text)
    parts = [part for raw in _with_legal_forms(_SEPARATORS.split(text)) for part in _line_parts(raw)]
    return [readable_case(s) for s in (clean(p) for p in parts) if s]


def _with_legal_forms(pieces: list[str]) -> list[str]:
    """Pieces cut at separators, and the comma before a legal form undone: 'Huawei Technologies Co.,
    Ltd.' and 'Acme, Inc.' are one name each."""
    out: list[str] = []
    for piece in pieces:
        tokens = piece.split()
        words = [t.replace(".", "") for t in tokens]
        # a form of two letters only when dotted inside ('S.A.', 'N.V.') or 'Co.': ', NV' and ', CO.'
        # are US states
        legal = 1 <= len(words) <= 3 and all(w.lower() in LEGAL_FORMS and w[:1].isupper() for w in words) and (
            len(words) > 1 or len(words[0]) > 2 or "." in tokens[0].rstrip(".") or tokens[0] == "Co.")
        if legal and out and out[-1].strip():
            out[-1] = f"{out[-1].rstrip()}, {piece.strip()}"
        else:
            out.append(piece)
    return out


# a line that ends with a post's noun ('Software Engineer', 'Research Associate'), not 'Research'
_POST_END = re.compile(r"\b(?:professor|lecturer|fellow|scientist|researcher|engineer|director|postdoc|scholar|"
                       r"investigator|dean|chair|head|intern|student|consultant|member|manager|associate|reader|"
                       r"instructor|president|advisor|adviser|analyst|officer|assistant)\s*$", re.IGNORECASE)


def _line_parts(segment: str) -> list[str]:
    """A segment that runs over a line break: one name wrapped ('National Taiwan' / 'University'), or
    the end of one line and the start of the next, each naming its own organisation ('Software
    Engineer, Google Brain' / 'Google, Mountain View'): an organisation is one line's, never a join of
    two lines' names, so the segment is cut where both sides name an institution."""
    lines = [ln.strip() for ln in segment.split("\n")]
    out = [lines[0]]
    for line in lines[1:]:
        names = bool(_INSTITUTION.search(out[-1]) or _SUB_UNIT.match(out[-1]))
        # ... or where a post's line is followed by one opening with a unit ('Lecturer' / 'Department of
        # Physics, ...'; 'Indian' / 'Institute of Science' is one name wrapped)
        post = not names and len(out[-1].split()) <= 4 and bool(_POST_END.search(out[-1]))
        if line and out[-1] and (names or post) and (_INSTITUTION.search(line) or _SUB_UNIT.match(line)) \
                and not re.search(r"\b(?:and|of|for|the|in|at|on|&)$", out[-1]):
            out.append(line)
        else:
            out[-1] = f"{out[-1]} {line}".strip()
    return out


# Europass writes posts and employers in capitals on their own line ('Moscow, Russia' then 'SENIOR
# RESEARCHER – SKOLKOVO INSTITUTE ...'): a run of two or more capitalised words is its own segment.
# capitals with their accented Latin forms: 'UNIVERSITY OF SÃO PAULO' is one run
_UPPER = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.isupper())
_CAPS_RUN = re.compile(rf"\b[{_UPPER}][{_UPPER}.&'-]+(?:\s+[{_UPPER}][{_UPPER}.&'-]+)+\b")


def readable_case(segment: str) -> str:
    """'BRNO UNIVERSITY OF TECHNOLOGY' -> 'Brno University of Technology' (acronyms like 'NUDT' stay)."""
    words = segment.split()
    if len(words) < 2 or not segment.isupper() or not any(len(w) > 4 for w in words):
        return segment
    small = {"of", "and", "in", "for", "the", "at", "de"}
    return " ".join(w.lower() if i and w.lower() in small else w.capitalize() for i, w in enumerate(words))


def read_entry(text: str, spans: list[str] | None = None) -> Entry:
    """Parse one entry; `spans` are organisation names already found in it (gazetteer, NER)."""
    found = find_ranges(text)
    period = found[0].period if found else DateRange()
    countries = countries_in(text)
    country = countries[-1][0] if countries else None
    region = region_after_city(text)
    if region and (not countries or region[1] >= countries[-1][1]):
        country = region[0]  # 'Stanford, CA' is the US, 'Atlanta, Georgia' not the country Georgia
    return Entry(text=text, period=period, segments=segments_of(text), country=country,
                 organisations=list(spans or []))


_PART = re.compile(r"[^,;|()\u2013\u2014]+")
_POSTCODE = re.compile(r"\s+\d{4,5}(?:-\d{4})?$")  # 'CA 94305', 'WA 6102'


def region_after_city(text: str) -> tuple[str, int] | None:
    """(country, position) of the last state or province the text writes after one of its cities:
    'Stanford, CA' and 'Atlanta, Georgia' are in the US, 'Waterloo, ON' in Canada, 'Perth, WA' in
    Australia, while 'Tbilisi, Georgia' is no US city in its state. None when the text names none."""
    parts = [(m.group(0).strip(), m.start() + len(m.group(0)) - len(m.group(0).lstrip()))
             for m in _PART.finditer(text) if m.group(0).strip()]
    for (city, _), (region, at) in reversed(list(zip(parts, parts[1:]))):
        region = _POSTCODE.sub("", region)
        if len(region) > 24:  # a region is a word or two, not a clause
            continue
        city = city.split("  ")[-1].strip()
        country = places.region_country(city, region)
        if not country and _PLACE_NAME.match(city) and not _INSTITUTION.search(city) and not _ROLE.search(city):
            # a postal code after a place the gazetteer lacks: only a place's name, no post or body
            country = places.postal_country(city, region)
        if country:
            return country, at
    return None


_PLACE_NAME = re.compile(r"^[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2}$")  # 'Stanford', 'La Jolla'
# a line or part ending so goes on in the next ('University of' over 'Rome, Italy', 'Center for' ...)
JOINS_NEXT = re.compile(r"(?:\b(?:and|of|for|the|in|at|on|de|del|di|da|der|des|du|für)|[&,:;/–—-])\s*$",
                        re.IGNORECASE)


def is_place(segment: str) -> bool:
    """A segment that is only a country, city or province ('Beijing', 'Peoples R China')."""
    if country_code(segment):
        return True
    hits = countries_in(segment)
    return bool(hits) and hits[0][1] == 0 and hits[-1][2] == len(segment) and len(segment.split()) <= 3


def names_institution(text: str) -> bool:
    """Whether a text holds a word that names an organisation ('University', 'Institute', 'Google')."""
    return bool(_INSTITUTION.search(text))


def institution(entry: Entry) -> str | None:
    """The organisation an entry is about: a listed or recognised name, else the best segment."""
    candidates = [s for s in entry.segments if _INSTITUTION.search(s) and not is_place(s)]
    if entry.organisations:
        return _whole_organisation(entry.organisations[0], [*entry.organisations[1:], *candidates])
    if not candidates:
        return None
    # a unit written after the post ('Postdoctoral Fellow Research Laboratory of Electronics') is a unit
    main = [s for s in candidates if not _SUB_UNIT.match(s) and not _SUB_UNIT.match(_trim_role(s))]
    strong = [s for s in main if _STRONG_INSTITUTION.search(s)]
    if not main:  # only 'Department of Physics CNRS': the short name after the unit, when there is one
        return abbreviated_institution(entry) or candidates[0]
    return _whole_organisation(_trim_role((strong or main)[0]), main)


def _whole_organisation(found: str, others: list[str]) -> str:
    """'Google Brain' beside 'Google', 'Microsoft Research' beside 'Microsoft': a name that extends
    another of the entry's organisation names is a part of that organisation, which is the employer."""
    parents = [o for o in others if found.startswith(o + " ")]
    return max(parents, key=len) if parents else found


_CURRENCY = re.compile(r"^(?:US\$|USD|EUR|GBP|CNY|RMB|JPY|RUB|CHF|CAD|AUD|yuan|euros?)$", re.IGNORECASE)
_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
# Universities written by their short names: 'UIUC', 'UC Berkeley', 'UT Austin', 'KU Leuven'.
_ABBREVIATED = re.compile(r"(?:^|\s)((?:UC|UT|KU|TU|LMU|ETH|NYU|SUNY|CU|IIT)\s[A-Z][a-z]+|[A-Z]{3,6}|Caltech|Technion|"
                          r"Skoltech|Inria|Fraunhofer|Imperial|Sapienza|Karolinska|IISc|[A-Z][a-z]+ Tech)$")


def plausible_organisation(text: str) -> bool:
    """Whether an NER 'ORG' span can be an organisation: not a role, a currency, a date or a place."""
    words = text.split()
    if len(text) <= 2 or not words or is_place(text) or _CURRENCY.match(text) or find_ranges(text):
        return False
    if re.search(r"\d{2,}[/-]\d", text):
        return False
    if FUNDING_ROLE.fullmatch(text):
        return False
    return not all(_ROLE.fullmatch(w.strip(".,")) or _LEADING_ROLE.fullmatch(w) for w in words)


_POST_WORDS = re.compile(r"\b(?:Professor|Lecturer|Postdoc\w*|Post-doc\w*|Postdoctoral|Scientist|Researcher|Fellow|Scholar)\b",
                         re.IGNORECASE)


def organisation_parts(span: str) -> list[str]:
    """The plausible organisation names in an NER span ('Postdoctoral Fellow, School of X UIUC' -> the
    school), leading roles trimmed; spans that name a post are not organisations."""
    parts = [_trim_role(clean(p)) for p in span.split(",")]
    return [p for p in parts if plausible_organisation(p) and not _POST_WORDS.search(p)]


def is_sub_unit(text: str) -> bool:
    """'Department of Physics', 'School of Chemistry': part of an institution, not one."""
    return bool(_SUB_UNIT.match(text))


def abbreviated_institution(entry: Entry) -> str | None:
    """A university named by its short form, alone in a segment or after its department."""
    for segment in entry.segments:
        found = _ABBREVIATED.search(segment)
        if not found:
            continue
        short = found.group(1)
        if short in _US_STATES or is_place(short) or _CURRENCY.match(short) or _ROLE.fullmatch(short):
            continue
        if found.start(1) == 0 or _SUB_UNIT.match(segment):
            return short
    return None


_LEADING_ROLE = re.compile(
    r"^(?:(?:assistant|associate|full|senior|junior|visiting|adjunct|honorary|distinguished|chair|"
    r"research|postdoctoral|post-doctoral|principal|lead|chief|staff|guest|tenured|part-time|"
    r"full-time|affiliate|deputy|executive|founding)\s+)*"
    r"(?:professor|lecturer|fellow|scientist|researcher|engineer|director|postdoc|scholar|investigator|"
    r"dean|chair|head|intern|student|consultant|member|manager|associate|reader|instructor|"
    r"president|vice[- ]president|advisor|adviser|analyst|officer)\b\s*",
    re.IGNORECASE,
)


def _trim_role(segment: str) -> str:
    """'Professor at Tsinghua University' / 'Associate Professor Tsinghua University' (a table row
    read as one line) -> 'Tsinghua University'."""
    match = re.search(r"\b(?:at|with)\s+(?=[A-Z])", segment)
    if match and _ROLE.search(segment[: match.start()]):
        return clean(segment[match.end() :])
    lead = _LEADING_ROLE.match(segment)
    if lead and lead.end() < len(segment) and _INSTITUTION.search(segment[lead.end():]):
        rest = segment[lead.end():]
        if not re.match(r"(?:of|in|for)\b", rest):  # 'Professor of Physics' keeps its words
            return clean(rest)
    return segment


def role(entry: Entry, organisation: str | None) -> str:
    """The role segment (the first segment naming a post that is not the organisation itself)."""
    for segment in entry.segments:
        if organisation and organisation in segment and segment != organisation:
            lead = segment[: segment.index(organisation)].strip()
            lead = re.sub(r"\s+(?:at|with)$", "", lead)
            if lead and _ROLE.search(lead):
                return clean(lead)[:120]
        if segment == organisation or (organisation and organisation in segment and _INSTITUTION.search(segment)):
            continue
        if _ROLE.search(segment) and not is_place(segment):
            return segment[:120]
    return ""


def without_grant_id(name: str) -> str:
    """'NSF CHE-1297830' -> 'NSF': a funder's name with the award number written after it removed."""
    words = name.split()
    while len(words) > 1 and (re.search(r"\d", words[-1]) or re.fullmatch(r"R\d\d|RO1|[A-Z]\d\d", words[-1])):
        words.pop()
    return " ".join(words)


def amount(text: str) -> str | None:
    found = AMOUNT.search(text)
    return found.group(0).strip() if found else None


def grant_id(text: str) -> str | None:
    """The grant number: after 'Grant No.' and the like, else an agency-style award number."""
    found = _GRANT_ID.search(text)
    if found:
        return found.group(1).rstrip(".")
    without_money = AMOUNT.sub(" ", text)
    for match in _AGENCY_ID.finditer(without_money):
        if not re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d", match.group(0)):
            return match.group(0)
    return None


_CJK_FUNDING_ROLE = {"主持": "PI", "负责人": "PI", "参与": "participant", "骨干": "participant"}


def funding_role(text: str) -> str:
    """The person's role on a grant as written ('Co-PI'); Chinese '主持' (led it) is PI."""
    found = FUNDING_ROLE.search(text)
    if found:
        return found.group(1)
    return next((role for word, role in _CJK_FUNDING_ROLE.items() if word in text), "")


_SPONSORED = re.compile(
    r"(travel|trip|expenses?|airfare|accommodation|lodging|flights?)\s+(?:were\s+|was\s+)?"
    r"(?:paid|covered|funded|reimbursed|supported|sponsored)|(?:paid|covered|funded|sponsored|supported)\s+by\s+"
    r"(?:the\s+)?(?:host|organi[sz]ers?|inviting)|\bsponsored\b|travel (?:support|grant)|all expenses|"
    r"\bfully funded\b",
    re.IGNORECASE,
)
_NOT_SPONSORED = re.compile(r"self[- ]funded|own (?:funds|expense)|at my own|not (?:paid|sponsored|reimbursed)|"
                            r"no travel support|unfunded", re.IGNORECASE)
_HONORARIUM = re.compile(r"honorari(?:um|a)|speaker(?:'s)? fee|speaking fee", re.IGNORECASE)
_NO_HONORARIUM = re.compile(r"\bno honorari|without (?:an? )?honorari|honorarium declined", re.IGNORECASE)


def sponsored(text: str) -> bool | None:
    """True/False when the entry says who paid for the trip; None when it does not say."""
    if _NOT_SPONSORED.search(text):
        return False
    return True if _SPONSORED.search(text) else None


def honorarium(text: str) -> bool | None:
    if _NO_HONORARIUM.search(text):
        return False
    return True if _HONORARIUM.search(text) else None


_UNPAID = re.compile(r"\bunpaid\b|without (?:pay|salary|compensation)|no (?:salary|compensation)|pro bono",
                     re.IGNORECASE)
_PAID = re.compile(r"\bpaid\b|\bsalar(?:y|ied)\b|full[- ]time|part[- ]time|stipend", re.IGNORECASE)


def paid(text: str) -> bool | None:
    if _UNPAID.search(text):
        return False
    return True if _PAID.search(text) else None


def bare_organisation(name: str) -> str:
    """An organisation's name without the dates or places a layout ran into it
    ('Politecnico di Milano October 2016 – Present', 'Monash University | Melbourne, Australia')."""
    for found in reversed(find_ranges(name)):
        name = name[: found.start] + " , " + name[found.end :]
    parts = [clean(p) for p in re.split(r"\s*[|;\t]\s*|\s{3,}", name)]
    parts = [p for p in parts if p and not is_place(p)]
    kept = parts[0] if parts else clean(name)
    words = kept.split(", ")
    # 'Brown University, Providence, RI': short parts after the name that name no institution are
    # its place ('University of California, Davis' is one campus's name and stays whole)
    while (len(words) > 1 and len(words[-1].split()) <= 3 and not _INSTITUTION.search(words[-1])
           and not UC_CAMPUS.fullmatch(", ".join(words))):
        words.pop()
    return clean(", ".join(words)) or clean(name)


def sub_unit(entry: Entry, organisation: str) -> str:
    """The unit of the appointment inside the organisation ('Department of Physics', or 'Google Brain'
    beside 'Google'), if written."""
    for segment in entry.segments:
        if segment != organisation and (is_sub_unit(segment) or segment.startswith(organisation + " ")):
            return segment[:120]
    return ""
