"""A fourth round of real layouts (2026-12-07), written here from scratch, of kinds the first three
rounds lacked:

- cells: each entry's first row a table of three equal paragraph cells, all in bold (the role and
  its unit left, the organisation centred, the dates right), so that a long role or organisation
  wraps inside its cell onto two or three lines while its neighbours do not; the detail set below in
  body type. Table-based LaTeX classes and Word tables set entries so.
- glyph events: an event design in Times whose titles are set large but not bold, whose date and
  place follow icons from Font Awesome 5 that carry their meaning as ActualText ('Date', 'Location'),
  as accessible event-style classes print them.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus.real_layouts.more_layouts import _period, _place
from tests.corpus.real_layouts.people import Person
from tests.corpus.real_layouts.typeset import LONG, MONTHS, tex


def bold_cells(person: Person, font: str = "Libertinus Serif") -> str:
    """LuaLaTeX, an OpenType serif (Libertinus) or another font: a three-part header (address, the name
    in small capitals letter-spaced by microtype with its word spaces widened, contacts), then
    tabularx rows of three equal bold cells (left, centred, right). A font without small capitals (a
    TrueType sans) prints the name in its letters as written, letter-spaced."""
    def row(left: str, middle: str, right: str, detail: str = "") -> list[str]:
        lines = [r"\noindent\begin{tabularx}{\linewidth}{@{}>{\raggedright\arraybackslash\bfseries}X"
                 r">{\centering\arraybackslash\bfseries}X>{\raggedleft\arraybackslash\bfseries}X@{}}",
                 rf"{tex(left)} & {tex(middle)} & {tex(right)} \\", r"\end{tabularx}\par"]
        if detail:
            lines.append(rf"\begin{{adjustwidth}}{{1em}}{{1em}}{tex(detail)}\end{{adjustwidth}}")
        return lines + [r"\smallskip"]

    # the header in three parts, each centred on the others' height: the address left, the name
    # letter-spaced in the middle, the contacts right (the e-mail address may wrap onto a third line)
    name = rf"{{\LARGE\bfseries\spaceskip 0.6em\relax\textls[160]{{\textsc{{{tex(person.name)}}}}}}}"
    body = [r"\noindent\begin{tabular}{@{}>{\raggedright\arraybackslash\small}m{0.22\linewidth}"
            r">{\centering\arraybackslash}m{0.5\linewidth}>{\raggedleft\arraybackslash\small}m{0.2\linewidth}@{}}",
            rf"{tex(person.address)} & {name} & {tex(person.phone)}\newline {person.email} \\",
            r"\end{tabular}\par\medskip",
            r"\heading{Appointments}"]
    for p in person.positions:
        body += row(", ".join(x for x in (p.role, p.unit) if x), p.org, _period(p, "long", " -- "), _place(p))
    body.append(r"\heading{Education}")
    for d in person.degrees:
        body += row(f"{d.degree} in {d.subject}", d.org, f"{d.start} -- {d.end}", d.city)
    body += [r"\heading{Grants}", r"\begin{itemize}"]
    body += [rf"\item {tex(g.title)}. \textbf{{{tex(g.funder)}}}, {tex(g.number)}, {g.start}--{g.end}; "
             rf"{tex(g.role)}, {tex(g.amount)}." for g in person.grants]
    body.append(r"\end{itemize}")
    if person.patents:
        body += [r"\heading{Patents}", r"\begin{itemize}"]
        body += [rf"\item {tex(pt.number)} ({pt.year}): {tex(pt.title)}." for pt in person.patents]
        body.append(r"\end{itemize}")
    body += [r"\heading{Invited Seminars}", r"\begin{itemize}"]
    body += [rf"\item \textbf{{{tex(t.title)}}}. {tex(t.host)}, {tex(t.city)}, {tex(t.country_name)}, "
             rf"{LONG[t.month - 1]} {t.year}." for t in person.talks]
    body += [r"\end{itemize}", r"\heading{Honours}", r"\begin{itemize}"]
    body += [rf"\item {tex(n)} ({y})" for n, y in [*person.awards, *person.programs]]
    body.append(r"\end{itemize}")
    return "\n".join([
        r"\documentclass[11pt,letterpaper]{article}", r"\usepackage{fontspec}", rf"\setmainfont{{{font}}}",
        r"\usepackage[margin=0.9in]{geometry}", r"\usepackage{tabularx}",
        r"\usepackage{array}", r"\usepackage{changepage}", r"\usepackage[letterspace=160]{microtype}",
        r"\pagestyle{empty}", r"\setlength{\parindent}{0pt}",
        r"\newcommand{\heading}[1]{\par\medskip{\centering\scshape\large #1\par}\vspace{-4pt}\rule{\linewidth}{0.4pt}"
        r"\par\smallskip}",
        r"\begin{document}", *body, r"\end{document}"]) + "\n"


def bold_cells_word(person: Person, path: Path) -> None:
    """Word: each entry a borderless table row of three equal bold cells (left, centred, right) with
    the detail below in a plain paragraph; headings centred in bold capitals."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)

    def paragraph(text: str, *, bold: bool = False, size: float | None = None, centred: bool = False) -> None:
        par = document.add_paragraph()
        run = par.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if centred:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def heading(text: str) -> None:
        paragraph(text.upper(), bold=True, size=12, centred=True)

    def row(left: str, middle: str, right: str, detail: str = "") -> None:
        table = document.add_table(rows=1, cols=3)
        for cell, text, align in zip(table.rows[0].cells, (left, middle, right),
                                     (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT),
                                     strict=True):
            par = cell.paragraphs[0]
            par.alignment = align
            par.add_run(text).bold = True
        if detail:
            paragraph(detail)

    paragraph(person.name, bold=True, size=18, centred=True)
    paragraph(f"{person.address} · {person.phone} · {person.email}", centred=True)
    heading("Academic appointments")
    for p in person.positions:
        row(", ".join(x for x in (p.role, p.unit) if x), p.org, _period(p, "long", " – "), _place(p))
    heading("Education")
    for d in person.degrees:
        row(f"{d.degree} in {d.subject}", d.org, f"{d.start} – {d.end}", d.city)
    heading("Grants")
    for g in person.grants:
        paragraph(f"{g.title}. {g.funder}, {g.number}, {g.start}–{g.end}; {g.role}, {g.amount}.")
    if person.patents:
        heading("Patents")
        for pt in person.patents:
            paragraph(f"{pt.number} ({pt.year}): {pt.title}.")
    heading("Invited talks")
    for t in person.talks:
        paragraph(f"{t.title}. {t.host}, {t.city}, {t.country_name}, {MONTHS[t.month - 1]} {t.year}.")
    heading("Honours")
    for n, y in [*person.awards, *person.programs]:
        paragraph(f"{n} ({y})")
    document.save(path)


def glyph_events(person: Person) -> str:
    """pdflatex, Times, paracol: events in the wide column (a large title in the body weight, the
    organisation in bold colour, then the date and the place in half-width boxes after Font Awesome 5
    icons that read as 'Date:' and 'Location:' through ActualText); education, patents and honours
    in the narrow one."""
    def marked(meaning: str, icon: str) -> str:
        return rf"\BeginAccSupp{{method=escape,ActualText={{{meaning}:}}}}{icon}\EndAccSupp{{}}~"

    date_icon, place_icon = marked("Date", r"\faCalendar[regular]"), marked("Location", r"\faMapMarker*")

    def event(title: str, org: str, when: str, where: str, note: str = "") -> str:
        lines = [rf"{{\large\color{{ink}} {tex(title)}\par}}\smallskip", rf"{{\bfseries\color{{accent}} {tex(org)}\par}}",
                 rf"{{\small\makebox[0.5\linewidth][l]{{{date_icon}{tex(when)}}}"
                 + (rf"\makebox[0.5\linewidth][l]{{{place_icon}{tex(where)}}}" if where else "")
                 + r"\par}"]
        if note:
            lines.append(rf"{{\small {tex(note)}\par}}")
        return "\n".join(lines) + r"\rulebreak"

    main = [r"\cvsection{Research Experience}"]
    main += [event(p.role, p.org, _period(p, "short", " -- "), _place(p), p.unit) for p in person.positions]
    main.append(r"\cvsection{Talks and Seminars}")
    main += [event(t.title, t.host, f"{MONTHS[t.month - 1]} {t.year}", f"{t.city}, {t.country_name}")
             for t in person.talks]
    main.append(r"\cvsection{Grants}")
    main += [event(g.title, g.funder, f"{g.start} -- {g.end}", "", f"{g.number}; {g.role}, {g.amount}")
             for g in person.grants]
    side = [r"\cvsection{Education}"]
    side += [event(f"{d.degree} in {d.subject}", d.org, f"{d.start} -- {d.end}", "") for d in person.degrees]
    if person.patents:
        side.append(r"\cvsection{Patents}")
        side += [rf"{{\bfseries {tex(pt.number)}}}\par{{\small {tex(pt.title)}, {pt.year}}}\rulebreak"
                 for pt in person.patents]
    side.append(r"\cvsection{Awards}")
    side += [rf"\faTrophy~{{\bfseries {tex(n)}}}\par{{\small {y}}}\rulebreak" for n, y in [*person.awards, *person.programs]]
    at, phone = marked("Email", r"\faAt"), marked("Phone", r"\faPhone")
    contact = rf"{at}{person.email}\quad {phone}{tex(person.phone)}\quad {place_icon}{tex(person.address)}"
    return "\n".join([
        r"\documentclass[10pt,a4paper]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
        r"\usepackage{mathptmx}", r"\usepackage[left=1.3cm,right=1.3cm,top=1.5cm,bottom=1.5cm]{geometry}",
        r"\usepackage{paracol}", r"\usepackage{xcolor}", r"\usepackage{fontawesome5}", r"\usepackage{accsupp}",
        r"\definecolor{accent}{HTML}{2E5A88}", r"\definecolor{ink}{HTML}{222222}",
        r"\newcommand{\cvsection}[1]{\par\medskip{\color{accent}\LARGE\bfseries\MakeUppercase{#1}\par}"
        r"{\color{accent}\hrule height 1pt}\par\medskip}", r"\setlength{\parindent}{0pt}", r"\pagestyle{empty}",
        r"\setlength{\columnsep}{1cm}",
        r"\newcommand{\rulebreak}{\par\smallskip{\color{gray!50}\hrule}\par\medskip}",
        r"\begin{document}", rf"{{\Huge\bfseries\MakeUppercase{{{tex(person.name)}}}}}\par\smallskip",
        rf"{{\large\color{{accent}} {tex(person.title)}}}\par\smallskip", rf"{{\small {contact}}}\par\bigskip",
        r"\columnratio{0.62}", r"\begin{paracol}{2}", *main, r"\switchcolumn", *side, r"\end{paracol}",
        r"\end{document}"]) + "\n"


# ---------------------------------------------------------------- held out (never looked at while tuning)


def friggeri(person: Person) -> str:
    """Friggeri's CV class (the A4 fork, MIT): the name in a banner, a right-aligned sidebar set at a
    fixed place on the left, entries as a two-column table (dates | bold title with its place in grey
    flushed right, the description below)."""
    first, last = person.name.split(" ", 1)

    def entry(when: str, title: str, where: str, text: str) -> str:
        return rf"\entry{{{tex(when)}}}{{{tex(title)}}}{{{tex(where)}}}{{{tex(text)}}}"

    body = [r"\documentclass[]{friggeri-cv-a4}", r"\begin{document}",
            rf"\header{{{tex(first)} }}{{{tex(last)}}}{{{tex(person.title)}}}",
            r"\begin{aside}", r"\section{contact}", *tex(person.address).split(", ", 1), "~", tex(person.phone),
            person.email, r"\section{interests}", tex(person.interests), r"\end{aside}",
            r"\section{experience}", r"\begin{entrylist}"]
    body += [entry(f"{p.start[1]}--{p.end[1] if p.end else 'now'}", p.role, f"{p.org}, {_place(p)}", p.unit)
             for p in person.positions]
    body += [r"\end{entrylist}", r"\section{education}", r"\begin{entrylist}"]
    body += [entry(f"{d.start}--{d.end}", f"{d.degree} in {d.subject}", d.org, d.city) for d in person.degrees]
    body += [r"\end{entrylist}", r"\section{grants}", r"\begin{entrylist}"]
    body += [entry(f"{g.start}--{g.end}", g.funder, g.number, f"{g.title}. {g.role}, {g.amount}") for g in person.grants]
    body.append(r"\end{entrylist}")
    if person.patents:
        body += [r"\section{patents}", r"\begin{entrylist}"]
        body += [entry(str(pt.year), pt.number, "", pt.title) for pt in person.patents]
        body.append(r"\end{entrylist}")
    body += [r"\section{talks}", r"\begin{entrylist}"]
    body += [entry(f"{MONTHS[t.month - 1]} {t.year}", t.host, f"{t.city}, {t.country_name}", t.title) for t in person.talks]
    body += [r"\end{entrylist}", r"\section{awards}", r"\begin{entrylist}"]
    body += [entry(str(y), n, "", "") for n, y in [*person.awards, *person.programs]]
    body += [r"\end{entrylist}", r"\end{document}"]
    return "\n".join(body) + "\n"


def friggeri_checkout(checkout: Path) -> Path:
    """The class without its bibliography block (biblatex and biber, which the build machine lacks;
    this corpus prints no bibliography)."""
    patched = checkout.parent / f"{checkout.name}-nobib"
    if patched.exists():
        return patched
    import shutil

    shutil.copytree(checkout, patched)
    cls = (checkout / "friggeri-cv-a4.cls").read_text(encoding="utf-8")
    start, end = cls.index(r"\RequirePackage[backend=biber"), cls.index(r"\RequirePackage[left=6.1cm")
    (patched / "friggeri-cv-a4.cls").write_text(cls[:start] + cls[end:], encoding="utf-8")
    return patched
