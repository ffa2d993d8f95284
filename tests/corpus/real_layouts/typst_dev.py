"""A sixth round of real layouts (2026-12-08), development: CVs typeset by Typst in designs of our own,
so that Typst's text layer (its PDF writer, its spacing, its font subsets) is in the dev set, while the
held-out RenderCV themes (typst_layouts.py) stay unseen.

The designs follow what Typst CV templates on the Typst Universe commonly do, written here from scratch
(MIT like the rest of rsi):
- 'banner': a centred name in large bold type over a contact line cut by bars, small-caps headings
  over a rule, each entry a two-column grid (organisation and dates, role and place), Libertinus Serif;
- 'accent': the first name light and the surname bold, a letter-spaced title, icon contacts, headings
  whose first letters are coloured with a rule running on to the margin, Roboto;
- 'sidebar': a tinted left column with the name broken over two lines, contacts and honours, and a main
  column whose entries carry their dates in a narrow column of their own, Lato.

Typst is a build-time tool like TeX Live: the `typst` package from PyPI (its compiler, 0.15), never a
dependency of rsi. Fonts come from the system (Debian: fonts-roboto, fonts-lato, fonts-font-awesome);
Libertinus Serif ships inside Typst.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.corpus.real_layouts.more_layouts import NAMES
from tests.corpus.real_layouts.people import Person, Position
from tests.corpus.real_layouts.typeset import LONG, MONTHS


def _s(text: str) -> str:
    """A Typst string literal: content passed as a value is never read as markup."""
    return json.dumps(text, ensure_ascii=False)


def _when(date: tuple[int, int] | None, style: str) -> str:
    if date is None:
        return {"long": "present", "short": "Present", "num": "now"}[style]
    month, year = date
    return {"long": f"{LONG[month - 1]} {year}", "short": f"{MONTHS[month - 1]} {year}",
            "num": f"{month:02d}/{year}"}[style]


def _period(pos: Position, style: str) -> str:
    return f"{_when(pos.start, style)} – {_when(pos.end, style)}"


def _place(city: str, country: str) -> str:
    return city if "," in city or city == NAMES[country] else f"{city}, {NAMES[country]}"


def _honours(person: Person) -> list[tuple[str, int]]:
    return sorted([*person.awards, *person.programs], key=lambda ny: -ny[1])


BANNER = """
#set page(paper: "us-letter", margin: (x: 0.65in, y: 0.55in))
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en")
#set par(justify: true, leading: 0.55em)
#let section(title) = {
  v(7pt)
  text(size: 12pt, weight: "bold", smallcaps(title))
  v(-8pt)
  line(length: 100%, stroke: 0.5pt)
  v(-2pt)
}
#let entry(org, dates, role, place) = {
  grid(columns: (1fr, auto), align: (left, right), row-gutter: 5pt, strong(org), dates, emph(role), emph(place))
  v(2pt)
}
#let item(body) = list(body)
"""


def banner(person: Person) -> str:
    out = [BANNER,
           f'#align(center)[#text(size: 25pt, weight: "bold", {_s(person.name)}) #v(-12pt) '
           f'#emph({_s(person.title)}) #v(-4pt) '
           f'#({_s(person.address)}) #h(6pt) | #h(6pt) #link("mailto:" + {_s(person.email)}, {_s(person.email)}) '
           f'#h(6pt) | #h(6pt) #({_s(person.phone)})]']
    out.append('#section("Academic Appointments")')
    for p in person.positions:
        out.append(f"#entry({_s(p.org)}, {_s(_period(p, 'long'))}, {_s(p.role)}, {_s(_place(p.city, p.country))})")
        if p.unit:
            out.append(f"#item({_s(p.unit)})")
    out.append('#section("Education")')
    for d in person.degrees:
        out.append(f"#entry({_s(d.org)}, {_s(f'{d.start} – {d.end}')}, {_s(f'{d.degree} in {d.subject}')}, "
                   f"{_s(d.city)})")
    out.append('#section("Grants and Funding")')
    for g in person.grants:
        out.append(f"#entry({_s(g.title)}, {_s(f'{g.start} – {g.end}')}, {_s(f'{g.funder}, {g.number}')}, "
                   f"{_s(f'{g.role}, {g.amount}')})")
    if person.patents:
        out.append('#section("Patents")')
        for pt in person.patents:
            out.append(f"#item([#strong({_s(pt.number)}): #({_s(f'{pt.title} ({pt.year})')})])")
    out.append('#section("Invited Talks")')
    for t in person.talks:
        out.append(f"#entry({_s(t.title)}, {_s(f'{MONTHS[t.month - 1]} {t.year}')}, {_s(t.host)}, "
                   f"{_s(_place(t.city, t.country))})")
    out.append('#section("Honours and Awards")')
    for name, year in _honours(person):
        out.append(f"#grid(columns: (1fr, auto), align: (left, right), {_s(name)}, {_s(str(year))})")
    if person.interests:
        out.append('#section("Research Interests")')
        out.append(f"#({_s(person.interests[0].upper() + person.interests[1:] + '.')})")
    return "\n".join(out) + "\n"


ACCENT = """
#set page(paper: "a4", margin: (x: 1.6cm, y: 1.4cm),
          footer: context align(center, text(size: 8pt, fill: gray, counter(page).display("1 / 1", both: true))))
#set text(font: "Roboto", size: 9.5pt, lang: "en")
#let accent = rgb("#1b6ca8")
#let icon(code) = text(font: "FontAwesome", fill: accent, size: 9pt, code)
#let section(title) = {
  v(8pt)
  grid(columns: (auto, 1fr), column-gutter: 6pt, align: horizon,
    text(size: 13pt, weight: "bold")[#text(fill: accent, title.slice(0, 3))#title.slice(3)],
    line(length: 100%, stroke: 0.8pt + gray))
  v(2pt)
}
#let entry(org, place, role, dates, detail) = {
  grid(columns: (1fr, auto), align: (left, right), row-gutter: 5pt,
    text(weight: "bold", org), text(style: "italic", fill: accent, place),
    text(size: 8.5pt, tracking: 0.6pt, upper(role)), text(size: 8.5pt, style: "italic", fill: gray.darken(30%), dates))
  if detail != "" { list(indent: 6pt, marker: text(fill: accent, "•"), detail) }
  v(3pt)
}
#let dated(date, body) = grid(columns: (2.1cm, 1fr), column-gutter: 4pt, row-gutter: 0pt,
  text(fill: gray.darken(30%), date), body)
"""


def accent(person: Person) -> str:
    first, last = person.name.split(" ", 1)
    out = [ACCENT,
           f'#text(size: 30pt, weight: "light", {_s(first + " ")})#text(size: 30pt, weight: "bold", {_s(last)})',
           f'\n#v(-4pt) #text(size: 9pt, tracking: 2pt, fill: accent, upper({_s(person.title)}))',
           f'\n#icon("\\u{{f041}}") #({_s(person.address)}) #h(10pt) #icon("\\u{{f0e0}}") '
           f'#({_s(person.email)}) #h(10pt) #icon("\\u{{f095}}") #({_s(person.phone)})']
    out.append('#section("Experience")')
    for p in person.positions:
        out.append(f"#entry({_s(p.org)}, {_s(_place(p.city, p.country))}, {_s(p.role)}, "
                   f"{_s(_period(p, 'short'))}, {_s(p.unit)})")
    out.append('#section("Education")')
    for d in person.degrees:
        out.append(f"#entry({_s(d.org)}, {_s(d.city)}, {_s(f'{d.degree}, {d.subject}')}, "
                   f"{_s(f'{d.start} – {d.end}')}, \"\")")
    out.append('#section("Research Funding")')
    for g in person.grants:
        out.append(f"#dated({_s(f'{g.start}–{g.end}')}, [#strong({_s(g.title)}) \\ #({_s(g.funder)}), "
                   f"grant no. #({_s(g.number)}); #({_s(f'{g.role}, {g.amount}')})])")
    if person.patents:
        out.append('#section("Patents")')
        for pt in person.patents:
            out.append(f"#dated({_s(str(pt.year))}, [#({_s(pt.title)}). #emph({_s(pt.number)})])")
    out.append('#section("Invited Talks")')
    for t in person.talks:
        out.append(f"#dated({_s(f'{MONTHS[t.month - 1]} {t.year}')}, [#emph({_s(t.title)}), "
                   f"#({_s(f'{t.host}, {_place(t.city, t.country)}')})])")
    out.append('#section("Honours")')
    for name, year in _honours(person):
        out.append(f"#dated({_s(str(year))}, [#({_s(name)})])")
    if person.interests:
        out.append('#section("Interests")')
        out.append(f"#({_s(person.interests[0].upper() + person.interests[1:] + '.')})")
    return "\n".join(out) + "\n"


SIDEBAR = """
#set page(paper: "a4", margin: (left: 0.9cm, right: 1.3cm, y: 1.2cm),
          background: place(left + top, rect(width: 6.6cm, height: 100%, fill: rgb("#eef2f5"))))
#set text(font: "Lato", size: 9.5pt, lang: "en")
#let side-head(title) = { v(10pt); text(size: 10pt, weight: "black", fill: rgb("#2d4a5f"), upper(title)); v(-4pt) }
#let main-head(title) = {
  v(9pt)
  text(size: 12.5pt, weight: "bold", fill: rgb("#2d4a5f"), title)
  v(-7pt)
  line(length: 100%, stroke: 1.5pt + rgb("#2d4a5f"))
  v(-1pt)
}
#let dated(date, body) = { grid(columns: (2.3cm, 1fr), column-gutter: 6pt, text(size: 8.5pt, weight: "bold", date), body); v(3pt) }
"""


def sidebar(person: Person) -> str:
    first, last = person.name.split(" ", 1)
    side = [f'#text(size: 22pt, weight: "black", {_s(first)}) \\ #text(size: 22pt, weight: "light", {_s(last)})',
            f'#v(2pt) #text(size: 10pt, style: "italic", {_s(person.title)})',
            '#side-head("Contact")', f"#({_s(person.address)}) \\ #({_s(person.email)}) \\ #({_s(person.phone)})"]
    side.append('#side-head("Honours")')
    for name, year in _honours(person):
        side.append(f"#({_s(f'{year}')}) — #({_s(name)}) #v(2pt)")
    if person.interests:
        side.append('#side-head("Interests")')
        side.extend(f"#({_s(i.strip().capitalize())}) \\" for i in person.interests.split(","))
    main = ['#main-head("Academic Appointments")']
    for p in person.positions:
        unit = f" \\ #({_s(p.unit)})" if p.unit else ""
        main.append(f"#dated({_s(_period(p, 'num'))}, [#strong({_s(p.role)}) \\ #({_s(p.org)}), "
                    f"#emph({_s(_place(p.city, p.country))}){unit}])")
    main.append('#main-head("Education")')
    for d in person.degrees:
        main.append(f"#dated({_s(f'{d.start} – {d.end}')}, [#strong({_s(f'{d.degree} {d.subject}')}) \\ "
                    f"#({_s(f'{d.org}, {d.city}')})])")
    main.append('#main-head("Grants")')
    for g in person.grants:
        main.append(f"#dated({_s(f'{g.start} – {g.end}')}, [#strong({_s(g.title)}) \\ #({_s(g.funder)}) "
                    f"(#({_s(g.number)})), #({_s(f'{g.role}, {g.amount}')})])")
    if person.patents:
        main.append('#main-head("Patents")')
        for pt in person.patents:
            main.append(f"#dated({_s(str(pt.year))}, [#({_s(pt.number)}): #emph({_s(pt.title)})])")
    main.append('#main-head("Invited Talks")')
    for t in person.talks:
        main.append(f"#dated({_s(f'{MONTHS[t.month - 1]} {t.year}')}, [#strong({_s(t.title)}) \\ "
                    f"#({_s(f'{t.host}, {_place(t.city, t.country)}')})])")
    body = "\n".join(side), "\n".join(main)
    return (SIDEBAR + "#grid(columns: (6.0cm, 1fr), column-gutter: 0.9cm,\n[\n" + body[0] + "\n],\n[\n"
            + body[1] + "\n])\n")


DESIGNS = {"banner": banner, "accent": accent, "sidebar": sidebar}


def typst_pdf(person: Person, design: str, out: Path) -> None:
    """Typeset `person` in one of our Typst designs into `out` (a PDF)."""
    import typst  # build-time only: pip install typst

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cv.typ"
        source.write_text(DESIGNS[design](person), encoding="utf-8")
        out.write_bytes(typst.compile(str(source)))
