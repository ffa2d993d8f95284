"""A third round of real layouts (2026-12-05), written here from scratch, of two kinds the first two
rounds had few of:

- rows: one line per entry holding the role, the organisation and the dates in three places (left,
  middle, right), set by `\\hfill` in LaTeX or by centre and right tab stops in Word, then a line of
  detail; many hand-made and class-based CVs set entries so.
- events: a two-column design whose main column holds events (a bold title, the organisation in an
  accent colour, then the date and the place side by side in half-width boxes behind icons, a dashed
  divider), talks among them, as event-style LaTeX classes set them.

People p13-p15 of people.py were written for this round.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus.real_layouts.more_layouts import _period, _place
from tests.corpus.real_layouts.people import Person
from tests.corpus.real_layouts.typeset import LONG, MONTHS, tex


def hfill_rows(person: Person) -> str:
    """xelatex with a TrueType serif: the role in italics left, the organisation in bold between
    `\\hfill`s, the dates right; headings in capitals centred between two rules."""
    def row(left: str, middle: str, right: str) -> str:
        return rf"\noindent\textit{{{tex(left)}}}\hfill\textbf{{{tex(middle)}}}\hfill {tex(right)}\par"

    def detail(text: str) -> str:
        return rf"\hspace*{{1.5em}}{{\small {tex(text)}}}\par\smallskip"

    body = [rf"\begin{{center}}{{\LARGE {tex(person.name)}}}\\[3pt]",
            rf"{{\small {tex(person.address)} \textbullet{{}} {tex(person.phone)} \textbullet{{}} {person.email}}}",
            r"\end{center}", r"\heading{Employment History}"]
    for p in person.positions:
        body += [row(p.role, p.org, _period(p, "long", " – ")),
                 detail(", ".join(x for x in (p.unit, _place(p)) if x))]
    body.append(r"\heading{Education}")
    for d in person.degrees:
        body += [row(f"{d.degree}, {d.subject}", d.org, f"{d.start} – {d.end}"), detail(d.city)]
    body += [r"\heading{Research Funding}", r"\begin{itemize}"]
    body += [rf"\item \textbf{{{tex(g.funder)}}} ({g.start}–{g.end}): {tex(g.title)}, {tex(g.number)}; {tex(g.role)}, "
             rf"{tex(g.amount)}." for g in person.grants]
    body.append(r"\end{itemize}")
    if person.patents:
        body += [r"\heading{Patents}", r"\begin{itemize}"]
        body += [rf"\item {tex(pt.title)}. {tex(pt.number)}, {pt.year}." for pt in person.patents]
        body.append(r"\end{itemize}")
    body += [r"\heading{Invited Lectures}"]
    body += [rf"\noindent\textit{{{tex(t.title)}}}, {tex(t.host)}, {tex(t.city)}, {tex(t.country_name)}\hfill "
             rf"{LONG[t.month - 1]} {t.year}\par" for t in person.talks]
    body += [r"\heading{Distinctions}"]
    body += [rf"\noindent {tex(n)}\hfill {y}\par" for n, y in [*person.awards, *person.programs]]
    return "\n".join([
        r"\documentclass[10pt,letterpaper]{article}", r"\usepackage{fontspec}", r"\setmainfont{Liberation Serif}",
        r"\usepackage[margin=0.75in]{geometry}", r"\pagestyle{empty}", r"\setlength{\parindent}{0pt}",
        r"\newcommand{\heading}[1]{\par\bigskip\noindent\hrulefill\quad{\large\bfseries\MakeUppercase{#1}}\quad"
        r"\hrulefill\par\medskip}",
        r"\begin{document}", *body, r"\end{document}"]) + "\n"


def tabularx_rows(person: Person) -> str:
    """pdflatex, tabularx: each entry one table row of three fixed-width cells (the role left, the
    organisation centred in bold, the dates right), so that a long name wraps inside its cell onto a
    second line beside nothing; the detail line below spans the row."""
    def row(left: str, middle: str, right: str, note: str) -> str:
        cells = rf"\textit{{{tex(left)}}} & {tex(middle)} & {tex(right)} \\"
        return cells + (rf"\multicolumn{{3}}{{@{{}}l}}{{\small {tex(note)}}} \\[3pt]" if note else r"[3pt]")

    def table(rows: list[str]) -> list[str]:
        return [r"\begin{tabularx}{\linewidth}{@{}>{\raggedright}p{0.3\linewidth}>{\centering\bfseries}X"
                r">{\raggedleft\arraybackslash}p{0.22\linewidth}@{}}", *rows, r"\end{tabularx}"]

    body = [rf"{{\centering{{\huge\scshape {tex(person.name)}}}\\[2pt]{{\small {tex(person.address)} \,|\, "
            rf"{person.email} \,|\, {tex(person.phone)}}}\par}}", r"\section*{Academic Employment}"]
    body += table([row(p.role, p.org, _period(p, "short", " -- "), ", ".join(x for x in (p.unit, _place(p)) if x))
                   for p in person.positions])
    body.append(r"\section*{Education}")
    body += table([row(d.degree, d.org, f"{d.start} -- {d.end}", f"{d.subject}; {d.city}") for d in person.degrees])
    body.append(r"\section*{Grants}")
    body += table([row(g.role, g.funder, f"{g.start} -- {g.end}", f"{g.title}, {g.number}, {g.amount}")
                   for g in person.grants])
    if person.patents:
        body += [r"\section*{Patents}", r"\begin{enumerate}"]
        body += [rf"\item {tex(pt.number)}: {tex(pt.title)} ({pt.year})" for pt in person.patents]
        body.append(r"\end{enumerate}")
    body.append(r"\section*{Seminars and Invited Talks}")
    body += table([row(f"{MONTHS[t.month - 1]}. {t.year}", t.host, f"{t.city}, {t.country_name}", t.title)
                   for t in person.talks])
    body += [r"\section*{Awards}", r"\begin{itemize}"]
    body += [rf"\item {tex(n)}, {y}" for n, y in [*person.awards, *person.programs]]
    body.append(r"\end{itemize}")
    return "\n".join([
        r"\documentclass[10pt,a4paper]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
        r"\usepackage[margin=2cm]{geometry}", r"\usepackage{tabularx}", r"\usepackage{array}",
        r"\usepackage{titlesec}", r"\titleformat*{\section}{\large\bfseries\scshape}", r"\pagestyle{empty}",
        r"\setlength{\parindent}{0pt}", r"\begin{document}", *body, r"\end{document}"]) + "\n"


def icon_events(person: Person) -> str:
    """paracol: the main column (left, 62 %) holds experience, grants and talks as events, the
    sidebar education, patents and honours."""
    def event(title: str, org: str, when: str, where: str, note: str = "") -> str:
        lines = [rf"{{\large\bfseries {tex(title)}\par}}", rf"{{\bfseries\color{{accent}} {tex(org)}\par}}",
                 rf"{{\small\makebox[0.5\linewidth][l]{{\Clocklogo~{tex(when)}}}"
                 rf"\makebox[0.5\linewidth][l]{{\Mundus~{tex(where)}}}\par}}"]
        if note:
            lines.append(rf"{{\small {tex(note)}\par}}")
        return "\n".join(lines) + r"\divider"

    main = [r"\cvsection{Experience}"]
    main += [event(p.role, p.org, _period(p, "short", " – "), _place(p), p.unit) for p in person.positions]
    main.append(r"\cvsection{Funding}")
    main += [event(g.title, g.funder, f"{g.start} – {g.end}", g.number, f"{g.role}, {g.amount}") for g in person.grants]
    main.append(r"\cvsection{Talks}")
    main += [event(t.title, t.host, f"{MONTHS[t.month - 1]} {t.year}", f"{t.city}, {t.country_name}")
             for t in person.talks]
    side = [r"\cvsection{Education}"]
    side += [event(f"{d.degree} in {d.subject}", d.org, f"{d.start} – {d.end}", d.city) for d in person.degrees]
    if person.patents:
        side.append(r"\cvsection{Patents}")
        side += [rf"{{\bfseries {tex(pt.number)}}}\par{{\small {tex(pt.title)}, {pt.year}}}\divider"
                 for pt in person.patents]
    side.append(r"\cvsection{Honours}")
    side += [rf"{{\bfseries {tex(n)}}}\par{{\small {y}}}\divider" for n, y in [*person.awards, *person.programs]]
    return "\n".join([
        r"\documentclass[10pt,a4paper]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
        r"\usepackage[left=1.2cm,right=1.2cm,top=1.4cm,bottom=1.4cm]{geometry}", r"\usepackage{paracol}",
        r"\usepackage{xcolor}", r"\usepackage{marvosym}", r"\usepackage{dashrule}",
        r"\definecolor{accent}{HTML}{B3261E}", r"\setlength{\parindent}{0pt}", r"\pagestyle{empty}",
        r"\setlength{\columnsep}{1cm}",
        r"\newcommand{\divider}{\par\smallskip\textcolor{gray}{\hdashrule{\linewidth}{0.4pt}{2pt}}\par\medskip}",
        r"\newcommand{\cvsection}[1]{\par\medskip{\color{accent}\Large\MakeUppercase{#1}}\par\smallskip}",
        r"\begin{document}", rf"{{\Huge\bfseries {tex(person.name)}}}\par\smallskip",
        rf"{{\large\color{{accent}} {tex(person.title)}}}\par\smallskip",
        rf"{{\small \Letter~{person.email}\quad\Telefon~{tex(person.phone)}\quad\Mundus~{tex(person.address)}}}"
        r"\par\bigskip",
        r"\columnratio{0.62}", r"\begin{paracol}{2}", *main, r"\switchcolumn", *side, r"\end{paracol}",
        r"\end{document}"]) + "\n"


def word_centre_tabs(person: Person, path: Path) -> None:
    """Word, direct formatting: one paragraph per entry with the role, a centre tab stop for the
    organisation in bold and a right tab stop for the dates; headings are bold small capitals."""
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Sans", Pt(10)
    centre, right = Cm(8.5), Cm(17)

    def para(*runs: tuple[str, str], size: float | None = None, space_before: float = 0):
        p = document.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(centre, WD_TAB_ALIGNMENT.CENTER)
        p.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        p.paragraph_format.space_after = Pt(1)
        p.paragraph_format.space_before = Pt(space_before)
        for text, style in runs:
            run = p.add_run(text)
            run.bold, run.italic, run.font.small_caps = "b" in style, "i" in style, "s" in style
            if size:
                run.font.size = Pt(size)
        return p

    def heading(text: str) -> None:
        para((text, "bs"), size=12, space_before=10)

    def row(left: str, middle: str, dates: str) -> None:
        para((left, ""), ("\t", ""), (middle, "b"), ("\t" + dates, ""))

    para((person.name, "b"), size=18)
    para((f"{person.title} · {person.address} · {person.email}", ""))
    heading("Positions held")
    for p in person.positions:
        row(p.role, p.org, _period(p, "num", " – "))
        para(("    " + ", ".join(x for x in (p.unit, _place(p)) if x), "i"))
    heading("Education")
    for d in person.degrees:
        row(f"{d.degree} ({d.subject})", d.org, f"{d.start} – {d.end}")
    heading("Grants")
    for g in person.grants:
        row(g.role, g.funder, f"{g.start} – {g.end}")
        para((f"    {g.title}, {g.number}, {g.amount}", "i"))
    if person.patents:
        heading("Patents")
        for pt in person.patents:
            para((f"{pt.number} – {pt.title} ({pt.year})", ""))
    heading("Invited talks")
    for t in person.talks:
        para((f"{t.title}. {t.host}, {t.city}, {t.country_name}", ""), (f"\t\t{MONTHS[t.month - 1]} {t.year}", ""))
    heading("Awards")
    for n, y in [*person.awards, *person.programs]:
        para((f"{n}\t\t{y}", ""))
    document.save(str(path))
