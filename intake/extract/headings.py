"""Which section a CV line heads, by its words: the heading vocabulary in English and the other
languages CVs arrive in, Chinese headings, and the shape a heading has (short, capitals or title case,
no date, not a post). Pure functions over text; sections.py groups lines by them.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from enum import StrEnum

from intake.extract.dates import has_range


class Section(StrEnum):
    """What a section of a CV lists, which decides how its entries are read."""

    HEADER = "header"  # before the first heading: name, contact, citizenship
    PERSONAL = "personal"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    VISITING = "visiting"
    PUBLICATIONS = "publications"
    FUNDING = "funding"
    PATENTS = "patents"
    HONORS = "honors"
    TALKS = "talks"
    HOSTED = "hosted"
    SERVICE = "service"
    OTHER = "other"


# Order matters: the first rule whose words appear wins ("Visiting Scholars Hosted" is HOSTED, not
# VISITING; "Grants and Awards" is FUNDING; "Talent Programs and Honors" is HONORS).
_HEADING_WORDS: list[tuple[Section, tuple[str, ...]]] = [
    (Section.HOSTED, ("hosted", "visitors hosted", "scholars hosted", "visiting scholars supervised",
                      "hosting")),
    (Section.VISITING, ("visiting", "guest position", "guest appointment", "research stay", "stays abroad",
                        "sabbatical")),
    (Section.PATENTS, ("patent", "intellectual property", "inventions")),
    # papers in proceedings are publications, not the talks a 'conference' heading names
    (Section.PUBLICATIONS, ("conference papers", "conference proceedings", "proceedings", "book chapters")),
    # ... a research visit is a trip, told with the talks ('Research visit, Kyoto University, 2019')
    (Section.TALKS, ("talk", "presentation", "lecture", "seminar", "keynote", "travel", "conference",
                     "speaking", "invited addresses", "colloqui", "visits")),
    (Section.FUNDING, ("grant", "funding", "research support", "sponsored research", "support",
                       "research projects", "projects")),
    (Section.HONORS, ("honor", "honour", "award", "prize", "talent", "fellowship", "recognition",
                      "distinction", "scholarship")),
    # a postdoc is an appointment, whatever 'training' says; consulting is outside work
    (Section.EMPLOYMENT, ("postdoctoral training", "consultancies", "consulting activities", "consulting experience",
                          "consulting roles")),
    (Section.EDUCATION, ("education", "degree", "academic background", "qualification", "training",
                         # French 'Formation': an English title may start with the word, so it is
                         # no foreign lead for sentence case ('Formation of planetary systems')
                         "academic qualifications", "formation")),
    (Section.EMPLOYMENT, ("employment", "experience", "appointment", "position", "career",
                          "work history", "professional history", "affiliation")),
    (Section.PUBLICATIONS, ("publication", "papers", "articles", "books", "bibliography")),
    (Section.PERSONAL, ("personal", "contact", "biographical", "personal data", "personal details")),
    (Section.SERVICE, ("service", "committee", "membership", "editorial", "professional activities",
                       "reviewing")),
    (Section.OTHER, ("teaching", "students", "mentoring", "skills", "languages", "references",
                     "interests", "courses", "supervision", "outreach", "summary", "profile",
                     "research interests", "other", "additional information", "miscellaneous", "annexes",
                     "public engagement", "media coverage", "media appearances")),
]

# The same sections in the other languages CVs of international visitors arrive in (French, Spanish,
# Portuguese, Italian, German, Russian); each joins its section's first rule above.
_OTHER_LANGUAGES: dict[Section, tuple[str, ...]] = {
    Section.PATENTS: ("brevet", "brevett", "патент"),
    Section.PUBLICATIONS: ("publikationen", "veröffentlichungen", "publicaciones", "publicações", "pubblicazioni",
                           "публикации", "научные труды"),
    Section.TALKS: ("vorträge", "conférences", "ponencias", "conferencias", "palestras", "доклад"),
    Section.FUNDING: ("drittmittel", "projekte", "financement", "projets", "financiación", "proyectos",
                      "financiamento", "projetos", "finanziamenti", "progetti", "гранты", "проекты"),
    Section.HONORS: ("auszeichnungen", "preise", "prix", "premios", "prêmios", "награды", "премии"),
    Section.EDUCATION: ("formación", "formação", "ausbildung", "studium", "bildungsweg", "istruzione", "éducation",
                        "educación", "образование"),
    Section.EMPLOYMENT: ("expérience", "experiencia", "experiência", "esperienz", "berufserfahrung",
                         "beruflicher werdegang", "werdegang", "postes", "emploi", "empleo", "trayectoria",
                         "опыт работы", "трудовая деятельность"),
    Section.PERSONAL: ("persönliche", "informations personnelles", "datos personales", "dados pessoais",
                       "личные данные"),
}
_FIRST_RULE = {section: i for i, (section, _) in reversed(list(enumerate(_HEADING_WORDS)))}
_ALL_WORDS = [(section, (*keys, *(_OTHER_LANGUAGES.get(section, ()) if _FIRST_RULE[section] == i else ())))
              for i, (section, keys) in enumerate(_HEADING_WORDS)]

# each section's words as one pattern: the layout pass asks this of every short line
_HEADING_KEYS = [(section, re.compile("|".join(rf"\b{re.escape(k)}" for k in keys)))
                 for section, keys in _ALL_WORDS]

# letters of any script: 'Expérience professionnelle', 'Berufserfahrung', 'Образование'
_HEADING_SHAPE = re.compile(r"^\s*(?:[IVX]+[.)]|\d{1,2}[.)]|[A-H][.)]|§)?\s*([^\W\d_](?:[^\W\d_]|[ &/,'()’-]){2,60}?)\s*:?\s*$")
_MAX_HEADING_WORDS = 6
# A line cut by a narrow column ("Lecturer, Faculty of Materials Science and") or an entry's role
# line is not a heading, even when its words are title case and name a section.
_NOT_A_HEADING = re.compile(
    r"(?:\b(?:and|of|for|the|in|at|on|with|to)|[,&-])\s*$"
    r"|^(?:(?:Assistant|Associate|Senior|Visiting|Adjunct|Research|Chair)\s+)?(?:Professor|Lecturer|Fellow|"
    r"Scientist|Researcher|Engineer|Director|Scholar|Postdoc\w*)\b\s*,"
    # a post alone on its line ('Visiting Scholar', 'Honorary Professor') heads an entry, not a section
    # ... and so is a post alone or with its field ('Lecturer', 'Senior Lecturer in Chemical Engineering')
    r"|^(?:(?:Visiting|Honorary|Adjunct|Guest|Affiliate|Distinguished|Emeritus|Chair|Full|Associate|Assistant|"
    r"Research|Senior|Principal|Postdoctoral)\s+)*(?:Professor|Scholar|Fellow|Researcher|Lecturer|Scientist|Chair)"
    r"(?:\s+(?:in|of)\s.*)?$"
    # an organisation's name ending in its kind ('Defense Advanced Research Projects Agency', a funder
    # set in bold as an entry's title) names no section
    r"|\b(?:Agency|Foundation|Council|Trust|Ministry|Administration|Commission|Society|Academy|University|"
    r"Institute|Organi[sz]ation|Corporation|Fund)\s*$"
    # ... and so does one programme or prize, named in the singular ('Thousand Talents Plan', 'Qiming
    # Program', 'Young Scientist Award'), where headings name their kind in the plural ('Talent Programs')
    r"|\w\s+(?:Plan|Program|Programme|Scheme|Initiative|Award|Prize|Medal)\s*$",
    re.IGNORECASE,
)


# Chinese headings, alone or beside their English ("教育背景 Education"); first match wins.
_CJK_HEADINGS: list[tuple[Section, tuple[str, ...]]] = [
    (Section.HOSTED, ("接待访问", "指导访问学者")),
    (Section.VISITING, ("访问经历", "访学经历", "访问学者经历")),
    (Section.PATENTS, ("专利", "知识产权")),
    (Section.TALKS, ("学术报告", "学术交流", "特邀报告", "会议报告", "讲座")),
    (Section.FUNDING, ("科研项目", "项目经历", "主持项目", "基金", "科研经费")),
    (Section.HONORS, ("人才计划", "人才项目", "荣誉", "奖励", "获奖")),
    (Section.EDUCATION, ("教育背景", "教育经历", "学习经历")),
    (Section.EMPLOYMENT, ("工作经历", "工作经验", "任职经历", "职业经历")),
    (Section.PUBLICATIONS, ("论文", "发表", "出版", "著作")),
    (Section.PERSONAL, ("个人信息", "基本信息", "个人简历")),
    (Section.SERVICE, ("学术兼职", "社会服务")),
]
_CJK = re.compile(r"[\u3400-\u9fff]+")


def heading_section(text: str) -> Section | None:
    """The section a line heads, or None when the line is not a heading."""
    cells = [c.strip() for c in text.split("|") if c.strip()]
    if len(cells) != 1:  # a table row with content is an entry, a lone cell may be a heading
        return None
    cjk = "".join(_CJK.findall(cells[0]))
    if cjk:
        latin = _CJK.sub(" ", cells[0]).strip(" :：")
        if len(cjk) > 8 or has_range(cells[0]):
            return None  # a sentence or an entry, not a heading
        found = next((section for section, keys in _CJK_HEADINGS if any(k in cjk for k in keys)), None)
        if found is not None and (not latin or heading_section(latin) in {found, None}):
            return found
        return heading_section(latin) if latin else None
    words = _heading_words(cells[0])
    if words is None:
        return None
    found = _section_of(words.lower())
    if found is None and (respaced := _respaced(words)) is not None:
        return _section_of(respaced)
    return found


# headings that name a section only as the whole line: inside a longer line they are part of a
# name ('Arup Consulting Engineers', 'MediaTek', 'Premi e riconoscimenti' aside)
# ('Work', 'Volunteer': JSON Resume's own section names, which its themes print as headings)
_WHOLE_LINE = {"consulting": Section.EMPLOYMENT, "consultancy": Section.EMPLOYMENT, "media": Section.OTHER,
               "premi": Section.HONORS, "work": Section.EMPLOYMENT, "volunteer": Section.SERVICE,
               "volunteering": Section.SERVICE, "certificates": Section.OTHER}


def _section_of(low: str) -> Section | None:
    if low.strip() in _WHOLE_LINE:
        return _WHOLE_LINE[low.strip()]
    for section, keys in _HEADING_KEYS:
        if keys.search(low):
            return section
    return None


@functools.lru_cache(maxsize=8192)
def _respaced(words: str) -> str | None:
    """A heading in capitals whose word spaces a PDF put in the wrong places ('EXPERI ENCE',
    'PUBLIC ATIONS', 'WORKEXPERIENCE'), spelt again as the heading words its letters make, or None.
    Only a line with a piece that is no heading word is tried, and only whole heading words count."""
    letters = re.sub(r"[^A-Za-z]", "", words)
    if not 6 <= len(letters) <= 40 or not letters.isupper():
        return None
    if all(piece.lower() in _SPELLED for piece in re.findall(r"[A-Za-z]+", words)):
        return None  # spaced as written
    low = letters.lower()
    best: list[list[str] | None] = [None] * (len(low) + 1)
    best[0] = []
    for i in range(len(low)):
        head = best[i]
        if head is None:
            continue
        for word in _SPELLED_BY_FIRST.get(low[i], ()):
            end = i + len(word)
            if low.startswith(word, i) and (best[end] is None or len(head) + 1 < len(best[end])):
                best[end] = [*head, word]
    return " ".join(best[-1]) if best[-1] else None


def _heading_words(text: str) -> str | None:
    """A line's words when it is shaped as a heading (short, capitals or title case, no date, not a
    post or a wrapped line), whatever they say; else None."""
    match = _HEADING_SHAPE.match(text)
    if not match:
        return None
    words = match.group(1).strip()
    if len(words.split()) > _MAX_HEADING_WORDS or has_range(words) or _NOT_A_HEADING.search(words):
        return None
    # a heading lists sections after its commas ('Honors, Awards'), an entry its host ('Invited talk,
    # Fiocruz')
    if any(part.strip() and not _plain_heading(part) for part in words.split(",")[1:]):
        return None
    # Headings are written in capitals or title case; a lower-case line is a sentence fragment.
    letters = [w for w in re.findall(r"[^\W\d_]+", words) if w.lower() not in _LOWER_WORDS]
    if not letters:
        return None
    # French, Spanish, German and Russian CVs write headings in sentence case ('Expérience
    # professionnelle', 'Опыт работы'): a short line led by one of their heading words
    # ... or 'Formation académique': an accented line whose words name a section ('Formation of planetary
    # systems', English, stays a title)
    foreign = _FOREIGN_HEADING.match(words.lower()) or (not words.isascii() and _section_of(words.lower()))
    if not all(w[0].isupper() for w in letters) and not (letters[0][0].isupper() and len(letters) <= 4 and foreign):
        return None
    return words


# the other languages' heading words, which may lead a heading in sentence case ('Expérience professionnelle')
_FOREIGN_HEADING = re.compile("|".join(re.escape(w) for words in _OTHER_LANGUAGES.values() for w in words))
# words a heading writes in lower case ('Honors and Awards', 'Expérience de recherche', 'Formación académica')
_LOWER_WORDS = frozenset("and of the in for & et de des du la le les y e del und der die im von al en di".split())


def heading_shaped(text: str) -> bool:
    """Whether a line could be a heading by its shape alone (its words need not name a section)."""
    cells = [c.strip() for c in text.split("|") if c.strip()]
    return len(cells) == 1 and _heading_words(cells[0]) is not None


_MODIFIERS = frozenset(
    "and of the in for academic professional selected recent research other invited current pending prior "
    "previous international national major refereed peer reviewed journal conference list history record "
    "activities scientific work university teaching key related relevant foreign domestic program programs "
    "plans fellowships positions".split()
)
_HEADING_VOCABULARY = frozenset(w for _, keys in _ALL_WORDS for k in keys for w in k.split()) | _MODIFIERS
# whole words a heading is spelt with (each key word, its plural), for _respaced
_SPELLED = frozenset(f"{w}{end}" for w in _HEADING_VOCABULARY | {"invited", "selected", "work", "history"}
                     if w.isalpha() and len(w) > 1 for end in ("", "s", "es"))
_SPELLED_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in sorted(_SPELLED, key=len, reverse=True):
    _SPELLED_BY_FIRST[_word[0]] = (*_SPELLED_BY_FIRST.get(_word[0], ()), _word)


def title_case(text: str) -> str:
    """Each word capitalised: a heading typed in sentence case ('Invited talks') read as in title case."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def worded_as_heading(text: str) -> bool:
    """Worded like a heading as written, or in title case when short ('Research funding received')."""
    return heading_section(text) is not None or (
        len(text.split()) <= 6 and heading_section(title_case(text)) is not None)


def shaped_as_heading(text: str) -> bool:
    """Shaped like a heading as written or in title case."""
    return heading_shaped(text) or heading_shaped(title_case(text))


Type = tuple[float, bool, bool]  # how a line is set: size, bold, capitals


def heading_types(kinds: list[Type], named: list[bool], body: float,
                  same: Callable[[Type, Type], bool] = operator.eq) -> list[Type]:
    """The types a document's headings are set in, from the lines that could head a section (the PDF
    reader's lone cells, the Word reader's short paragraphs): each type some line worded as a heading
    wears (`named`), set apart from the body (larger, bold or capitals) and worn mostly by lines
    worded as headings, so a bold entry title that happens to be worded like one ('Sir Henry Wellcome
    Fellowship') does not make bold the heading type."""
    out = []
    for kind in {k for k, n in zip(kinds, named, strict=True) if n}:
        if not (kind[0] >= 1.1 * body or kind[1] or kind[2]):
            continue
        in_type = [n for k, n in zip(kinds, named, strict=True) if same(k, kind)]
        if 2 * sum(in_type) >= len(in_type):
            out.append(kind)
    return out


def _plain_heading(text: str) -> bool:
    """Every word of the line is a heading word ('Hosted Visitors:'), none a name ('Kunlun')."""
    words = re.findall(r"[A-Za-z]+", text.lower())
    return bool(words) and all(any(w.startswith(v) for v in _HEADING_VOCABULARY) for w in words)
