"""Render the fictional people (people.py) into public CV templates: the real-layout dev set.

    python -m tests.corpus.real_layouts.build [--only TEMPLATE]

Needs, for development only, Debian's texlive (moderncv, europasscv), pandoc and LibreOffice, a
checkout of AltaCV (LPPL; path in $ALTACV_DIR), RenderCV 2.3 (Typst; path in $RENDERCV, see
typst_layouts.py), the `typst` compiler from PyPI (typst_dev.py) and Node with npm (JSON Resume themes,
installed by jsonresume_layouts.py); CI never runs this: the rendered
files and their truth JSON are committed beside each template's LICENCE. Template code itself is never committed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.corpus.real_layouts import HELD_OUT, cell_layouts as cl
from tests.corpus.real_layouts import jsonresume_layouts as jr
from tests.corpus.real_layouts import more_layouts as ml
from tests.corpus.real_layouts import row_layouts as rl
from tests.corpus.real_layouts import typst_dev as td
from tests.corpus.real_layouts import typst_layouts as ty
from tests.corpus.real_layouts.people import PEOPLE, Person, Position
from tests.corpus.real_layouts.people_more import MORE_PEOPLE
from tests.corpus.real_layouts.typeset import LONG, MONTHS, tex

HERE = Path(__file__).resolve().parent
COUNTRY = {"US": "USA", "IT": "Italy", "SE": "Sweden", "CN": "China", "DK": "Denmark", "AU": "Australia",
           "GB": "UK", "TW": "Taiwan", "RU": "Russia", "DE": "Germany", "FR": "France", "IN": "India",
           "BR": "Brazil", "IR": "Iran", "KR": "South Korea", "PE": "Peru", "CH": "Switzerland",
           "CA": "Canada", "SG": "Singapore", "NG": "Nigeria", "JP": "Japan", "HK": "Hong Kong", "PL": "Poland",
           "IL": "Israel", "NL": "Netherlands", "VN": "Vietnam", "GH": "Ghana", "ZA": "South Africa"}


def when(date: tuple[int, int] | None, style: str) -> str:
    if date is None:
        return {"short": "Present", "long": "Present", "num": "present", "year": "present"}[style]
    month, year = date
    return {"short": f"{MONTHS[month - 1]}. {year}", "long": f"{LONG[month - 1]} {year}",
            "num": f"{month:02d}/{year}", "year": str(year)}[style]


def period(pos: Position, style: str, dash: str = " -- ") -> str:
    return f"{when(pos.start, style)}{dash}{when(pos.end, style)}"


def place(pos: Position) -> str:
    return f"{pos.city}, {COUNTRY[pos.country]}" if "," not in pos.city else pos.city


# awards that are grants: the CV names their funder ('NSF CAREER Award' is an NSF grant)
GRANT_AWARDS = {"NSF CAREER Award": ("National Science Foundation", ("NSF",))}


def truth(person: Person, template: str, file: str) -> dict:
    return {
        "id": f"{template}-{person.id}", "layout": template, "files": {"cv": file},
        "person": {"name": person.name, "email": person.email},
        "affiliations": [{"id": "", "name": p.org, "aliases": list(p.aliases), "start": p.start[1],
                          "end": None if p.end is None else p.end[1], "current": p.end is None,
                          "unit": p.unit, "role": p.role} for p in person.positions],
        "funders": [{"id": "", "name": g.funder, "aliases": list(g.aliases)} for g in person.grants]
        + [{"id": "", "name": funder, "aliases": list(aliases)} for award, _ in person.awards
           if (funder_aliases := GRANT_AWARDS.get(award)) for funder, aliases in [funder_aliases]],
        "talk_countries": [t.country for t in person.talks],
        "coauthor_organisations": [],
        "patents": [{"number": p.number, "office": p.office} for p in person.patents],
        "talent_programs": [{"id": "", "name": name, "aliases": []} for name, _ in person.programs],
    }


# ---------------------------------------------------------------- LaTeX templates


def moderncv(person: Person, style: str) -> str:
    first, last = person.name.split(" ", 1)
    dates = "short" if style == "classic" else "num"
    out = [rf"\documentclass[11pt,a4paper,sans]{{moderncv}}", rf"\moderncvstyle{{{style}}}", r"\moderncvcolor{blue}",
           r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}", r"\usepackage[scale=0.8]{geometry}",
           r"\moderncvicons{marvosym}", rf"\name{{{first}}}{{{last}}}", rf"\title{{{tex(person.title)}}}",
           rf"\address{{{tex(person.address)}}}{{}}{{}}", rf"\phone[mobile]{{{person.phone}}}",
           rf"\email{{{person.email}}}", r"\begin{document}", r"\makecvtitle",
           r"\section{Academic Appointments}"]
    for p in person.positions:
        out.append(rf"\cventry{{{period(p, dates)}}}{{{tex(p.role)}}}{{{tex(p.org)}}}{{{tex(place(p))}}}{{}}"
                   rf"{{{tex(p.unit)}}}")
    out.append(r"\section{Education}")
    for d in person.degrees:
        out.append(rf"\cventry{{{d.start}--{d.end}}}{{{tex(d.degree)} in {tex(d.subject)}}}{{{tex(d.org)}}}"
                   rf"{{{tex(d.city)}}}{{}}{{}}")
    out.append(r"\section{Research Grants}")
    for g in person.grants:
        out.append(rf"\cventry{{{g.start}--{g.end}}}{{{tex(g.title)}}}{{{tex(g.funder)}}}{{{tex(g.number)}}}"
                   rf"{{{tex(g.role)}, {tex(g.amount)}}}{{}}")
    if person.patents:
        out.append(r"\section{Patents}")
        for pt in person.patents:
            out.append(rf"\cvitem{{{pt.year}}}{{{tex(pt.number)}, ``{tex(pt.title)}''}}")
    out.append(r"\section{Honors and Awards}")
    for name, year in [*person.awards, *person.programs]:
        out.append(rf"\cvitem{{{year}}}{{{tex(name)}}}")
    out.append(r"\section{Invited Talks}")
    for t in person.talks:
        out.append(rf"\cvitem{{{MONTHS[t.month - 1]} {t.year}}}{{``{tex(t.title)}'', {tex(t.host)}, "
                   rf"{tex(t.city)}, {tex(t.country_name)}}}")
    out.append(r"\section{Research Interests}")
    out.append(rf"\cvitem{{}}{{{tex(person.interests)}}}")
    out.append(r"\end{document}")
    return "\n".join(out)


def europass(person: Person) -> str:
    first, last = person.name.split(" ", 1)
    out = [r"\documentclass[english,a4paper]{europasscv}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
           r"\usepackage[english]{babel}", rf"\ecvname{{{first} {last}}}", rf"\ecvaddress{{{tex(person.address)}}}",
           rf"\ecvmobile{{{person.phone}}}", rf"\ecvemail{{{person.email}}}", r"\begin{document}",
           r"\begin{europasscv}", r"\ecvpersonalinfo", r"\ecvsection{Work experience}"]
    for p in person.positions:
        out.append(rf"\ecvtitle{{{period(p, 'long', ' -- ')}}}{{{tex(p.role)}}}")
        out.append(rf"\ecvitem{{}}{{{tex(p.unit)}, {tex(p.org)}, {tex(place(p))}}}")
    out.append(r"\ecvsection{Education and training}")
    for d in person.degrees:
        out.append(rf"\ecvtitle{{{d.start} -- {d.end}}}{{{tex(d.degree)} in {tex(d.subject)}}}")
        out.append(rf"\ecvitem{{}}{{{tex(d.org)}, {tex(d.city)}}}")
    out.append(r"\ecvsection{Additional information}")
    out.append(r"\ecvitem{Projects}{\begin{ecvitemize}" + "".join(
        rf"\item {tex(g.funder)}, {tex(g.title)}, grant {tex(g.number)}, {g.start}--{g.end}, {tex(g.role)}"
        for g in person.grants) + r"\end{ecvitemize}}")
    if person.patents:
        out.append(r"\ecvitem{Patents}{\begin{ecvitemize}" + "".join(
            rf"\item {tex(pt.number)} ``{tex(pt.title)}'', {pt.year}" for pt in person.patents) + r"\end{ecvitemize}}")
    out.append(r"\ecvitem{Honours and awards}{\begin{ecvitemize}" + "".join(
        rf"\item {tex(n)} ({y})" for n, y in [*person.awards, *person.programs]) + r"\end{ecvitemize}}")
    out.append(r"\ecvitem{Conferences and seminars}{\begin{ecvitemize}" + "".join(
        rf"\item ``{tex(t.title)}'', invited talk, {tex(t.host)}, {tex(t.city)}, {tex(t.country_name)}, "
        rf"{LONG[t.month - 1]} {t.year}" for t in person.talks) + r"\end{ecvitemize}}")
    out += [r"\end{europasscv}", r"\end{document}"]
    return "\n".join(out)


def altacv(person: Person) -> str:
    out = [r"\documentclass[10pt,a4paper]{altacv}",
           r"\geometry{left=1.25cm,right=1.25cm,top=1.5cm,bottom=1.5cm,columnsep=1.2cm}", r"\usepackage{paracol}",
           r"\usepackage[T1]{fontenc}", rf"\name{{{tex(person.name)}}}", rf"\tagline{{{tex(person.title)}}}",
           r"\personalinfo{" + rf"\email{{{person.email}}}\phone{{{person.phone}}}\location{{{tex(person.address)}}}"
           + "}", r"\begin{document}", r"\makecvheader", r"\columnratio{0.6}", r"\begin{paracol}{2}",
           r"\par\cvsection{Experience}"]
    for p in person.positions:
        out.append(rf"\cvevent{{{tex(p.role)}}}{{{tex(p.org)}}}{{{period(p, 'short', ' -- ')}}}{{{tex(place(p))}}}")
        out.append(rf"{tex(p.unit)}" + r"\divider")
    out.append(r"\par\cvsection{Grants}")
    for g in person.grants:
        out.append(rf"\cvevent{{{tex(g.title)}}}{{{tex(g.funder)}}}{{{g.start} -- {g.end}}}{{{tex(g.number)}}}")
        out.append(rf"{tex(g.role)}, {tex(g.amount)}" + r"\divider")
    out.append(r"\par\cvsection{Invited Talks}")
    for t in person.talks:
        out.append(rf"\cvevent{{{tex(t.title)}}}{{{tex(t.host)}}}{{{MONTHS[t.month - 1]} {t.year}}}"
                   rf"{{{tex(t.city)}, {tex(t.country_name)}}}" + r"\divider")
    out.append(r"\switchcolumn")
    out.append(r"\par\cvsection{Education}")
    for d in person.degrees:
        out.append(rf"\cvevent{{{tex(d.degree)} in {tex(d.subject)}}}{{{tex(d.org)}}}{{{d.start} -- {d.end}}}{{}}"
                   + r"\divider")
    if person.patents:
        out.append(r"\par\cvsection{Patents}")
        for pt in person.patents:
            out.append(rf"\cvachievement{{}}{{{tex(pt.number)}}}{{{tex(pt.title)}, {pt.year}}}" + r"\divider")
    out.append(r"\par\cvsection{Awards}")
    for n, y in [*person.awards, *person.programs]:
        out.append(rf"\cvachievement{{}}{{{tex(n)}}}{{{y}}}" + r"\divider")
    out.append(r"\par\cvsection{Interests}")
    out.append(tex(person.interests))
    out += [r"\end{paracol}", r"\end{document}"]
    return "\n".join(out)


def article_rightdates(person: Person) -> str:
    """The common hand-made LaTeX CV: bold role left, dates flush right, organisation below."""
    out = [r"\documentclass[10pt]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
           r"\usepackage[margin=0.8in]{geometry}", r"\usepackage{titlesec}", r"\pagestyle{empty}",
           r"\titleformat{\section}{\large\scshape\raggedright}{}{0em}{}[\titlerule]",
           r"\begin{document}", r"\begin{center}{\Huge\bfseries " + tex(person.name) + r"}\\[4pt]",
           tex(person.address) + r" \textbar{} " + person.phone + r" \textbar{} " + person.email + r"\end{center}",
           r"\section{Professional Experience}"]
    for p in person.positions:
        out.append(rf"\noindent\textbf{{{tex(p.role)}}}, {tex(p.unit)} \hfill {period(p, 'long', ' -- ')}\\")
        out.append(rf"\textit{{{tex(p.org)}}}, {tex(place(p))}\par\medskip")
    out.append(r"\section{Education}")
    for d in person.degrees:
        out.append(rf"\noindent\textbf{{{tex(d.org)}}}, {tex(d.city)} \hfill {d.start} -- {d.end}\\")
        out.append(rf"{tex(d.degree)} in {tex(d.subject)}\par\medskip")
    out.append(r"\section{Grants and Funding}")
    for g in person.grants:
        out.append(rf"\noindent {tex(g.title)} \hfill {g.start} -- {g.end}\\")
        out.append(rf"{tex(g.funder)}, {tex(g.number)}, {tex(g.role)}, {tex(g.amount)}\par\medskip")
    if person.patents:
        out.append(r"\section{Patents}")
        out.append(r"\begin{itemize}" + "".join(rf"\item {tex(pt.title)}. {tex(pt.number)}, {pt.year}."
                                                for pt in person.patents) + r"\end{itemize}")
    out.append(r"\section{Honors}")
    for n, y in [*person.awards, *person.programs]:
        out.append(rf"\noindent {tex(n)} \hfill {y}\par")
    out.append(r"\section{Invited Presentations}")
    for t in person.talks:
        out.append(rf"\noindent ``{tex(t.title)}'', {tex(t.host)}, {tex(t.city)}, {tex(t.country_name)} \hfill "
                   rf"{LONG[t.month - 1]} {t.year}\par")
    out.append(r"\end{document}")
    return "\n".join(out)


def article_sidebar(person: Person) -> str:
    """A two-column design: a narrow left sidebar (contact, education, awards) beside the main column."""
    side = [r"{\Large\bfseries " + tex(person.name) + r"}\par\smallskip", r"\small " + tex(person.address)
            + r"\par " + person.phone + r"\par " + person.email + r"\par\bigskip",
            r"{\large\bfseries EDUCATION}\par\smallskip"]
    for d in person.degrees:
        side.append(rf"\textbf{{{tex(d.degree)}}}, {tex(d.subject)}\par {tex(d.org)}\par {d.start}--{d.end}\par\smallskip")
    side.append(r"\bigskip{\large\bfseries AWARDS}\par\smallskip")
    for n, y in [*person.awards, *person.programs]:
        side.append(rf"{tex(n)}, {y}\par\smallskip")
    side.append(r"\bigskip{\large\bfseries INTERESTS}\par\smallskip " + tex(person.interests))
    main = [r"{\large\bfseries EXPERIENCE}\par\medskip"]
    for p in person.positions:
        main.append(rf"\textbf{{{tex(p.role)}}} \hfill {period(p, 'num', ' -- ')}\par {tex(p.unit)}\par "
                    rf"{tex(p.org)}, {tex(place(p))}\par\medskip")
    main.append(r"{\large\bfseries FUNDING}\par\medskip")
    for g in person.grants:
        main.append(rf"{tex(g.funder)} \hfill {g.start}--{g.end}\par {tex(g.title)} ({tex(g.number)}), "
                    rf"{tex(g.role)}\par\medskip")
    if person.patents:
        main.append(r"{\large\bfseries PATENTS}\par\medskip")
        for pt in person.patents:
            main.append(rf"{tex(pt.number)}: {tex(pt.title)} ({pt.year})\par\smallskip")
    main.append(r"\medskip{\large\bfseries INVITED TALKS}\par\medskip")
    for t in person.talks:
        main.append(rf"{tex(t.host)}, {tex(t.city)}, {tex(t.country_name)} \hfill {MONTHS[t.month - 1]} {t.year}"
                    rf"\par ``{tex(t.title)}''\par\smallskip")
    return "\n".join([r"\documentclass[10pt]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
                      r"\usepackage[margin=0.6in]{geometry}", r"\pagestyle{empty}", r"\setlength{\parindent}{0pt}",
                      r"\begin{document}", r"\begin{minipage}[t]{0.28\textwidth}", *side, r"\end{minipage}\hfill",
                      r"\begin{minipage}[t]{0.66\textwidth}", *main, r"\end{minipage}", r"\end{document}"])


# ---------------------------------------------------------------- Markdown (pandoc) and Word


def markdown(person: Person) -> str:
    out = [f"# {person.name}", "", f"{person.title}  ", f"{person.address} · {person.email} · {person.phone}", "",
           "## Employment", ""]
    for p in person.positions:
        out.append(f"- **{p.role}**, {p.unit}, {p.org}, {place(p)} ({period(p, 'short', ' – ')})")
    out += ["", "## Education", ""]
    for d in person.degrees:
        out.append(f"- {d.degree} in {d.subject}, {d.org}, {d.city}, {d.start}–{d.end}")
    out += ["", "## Research Support", ""]
    for g in person.grants:
        out.append(f"- {g.funder}, *{g.title}*, {g.number}, {g.role}, {g.amount}, {g.start}–{g.end}")
    if person.patents:
        out += ["", "## Patents", ""]
        out += [f"- {pt.number}, \"{pt.title}\" ({pt.year})" for pt in person.patents]
    out += ["", "## Honors", ""]
    out += [f"- {n}, {y}" for n, y in [*person.awards, *person.programs]]
    out += ["", "## Invited Talks", ""]
    out += [f"- \"{t.title}\", {t.host}, {t.city}, {t.country_name}, {LONG[t.month - 1]} {t.year}" for t in person.talks]
    return "\n".join(out) + "\n"


def nih_biosketch(person: Person, path: Path) -> None:
    """The NIH biosketch format (a US federal form): NAME/POSITION block, education table, sections A-D."""
    import docx
    from docx.shared import Pt

    family, given = person.name.split(" ", 1)[1], person.name.split(" ", 1)[0]
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph("BIOGRAPHICAL SKETCH").alignment = 1
    document.add_paragraph(f"NAME: {family}, {given}")
    document.add_paragraph(f"eRA COMMONS USER NAME (credential, e.g., agency login): {given[0]}{family[:6]}".upper())
    document.add_paragraph(f"POSITION TITLE: {person.positions[0].role}")
    document.add_paragraph("EDUCATION/TRAINING")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["INSTITUTION AND LOCATION", "DEGREE", "END DATE MM/YYYY",
                                                "FIELD OF STUDY"], strict=True):
        cell.text = text
    for d in person.degrees:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = f"{d.org}, {d.city}", d.degree, f"05/{d.end}", d.subject
    document.add_heading("A. Personal Statement", level=2)
    document.add_paragraph(f"My research addresses {person.interests}.")
    document.add_heading("B. Positions, Scientific Appointments, and Honors", level=2)
    document.add_paragraph("Positions and Scientific Appointments")
    for p in person.positions:
        end = "present" if p.end is None else str(p.end[1])
        document.add_paragraph(f"{p.start[1]} - {end}\t{p.role}, {p.unit}, {p.org}, {place(p)}")
    document.add_paragraph("Honors")
    for n, y in [*person.awards, *person.programs]:
        document.add_paragraph(f"{y}\t{n}")
    document.add_heading("C. Contributions to Science", level=2)
    document.add_paragraph("1. My work on " + person.interests.split(",")[0] + " led to two patents: "
                           + "; ".join(f"{pt.number}, {pt.title} ({pt.year})" for pt in person.patents) + ".")
    document.add_paragraph("2. Invited lectures: " + "; ".join(
        f"{t.host}, {t.city}, {t.country_name} ({MONTHS[t.month - 1]} {t.year})" for t in person.talks) + ".")
    document.add_heading("D. Research Support", level=2)
    for g in person.grants:
        document.add_paragraph(f"{g.number}\t{g.start}-{g.end}")
        document.add_paragraph(f"{g.funder}. {g.title}. Role: {g.role}")
    document.save(str(path))


# ---------------------------------------------------------------- more public templates (issue 13)


def awesome_cv(person: Person) -> str:
    """Awesome-CV (LPPL): icon-font contact line, small-caps positions, dates flushed right."""
    first, last = person.name.split(" ", 1)
    out = [r"\documentclass[11pt,a4paper]{awesome-cv}",
           r"\geometry{left=1.4cm, top=.8cm, right=1.4cm, bottom=1.8cm, footskip=.5cm}",
           rf"\name{{{first}}}{{{last}}}", rf"\position{{{tex(person.title)}}}", rf"\address{{{tex(person.address)}}}",
           rf"\mobile{{{person.phone}}}", rf"\email{{{person.email}}}", r"\begin{document}", r"\makecvheader[C]",
           r"\cvsection{Academic Appointments}", r"\begin{cventries}"]
    for p in person.positions:
        out.append(rf"\cventry{{{tex(p.role)}}}{{{tex(p.org)}}}{{{tex(place(p))}}}{{{period(p, 'short', ' - ')}}}"
                   rf"{{\begin{{cvitems}}\item {{{tex(p.unit)}}}\end{{cvitems}}}}")
    out += [r"\end{cventries}", r"\cvsection{Education}", r"\begin{cventries}"]
    for d in person.degrees:
        out.append(rf"\cventry{{{tex(d.degree)} in {tex(d.subject)}}}{{{tex(d.org)}}}{{{tex(d.city)}}}"
                   rf"{{{d.start} - {d.end}}}{{}}")
    out += [r"\end{cventries}", r"\cvsection{Research Funding}", r"\begin{cventries}"]
    for g in person.grants:
        out.append(rf"\cventry{{{tex(g.title)}}}{{{tex(g.funder)}}}{{{tex(g.number)}}}{{{g.start} - {g.end}}}"
                   rf"{{\begin{{cvitems}}\item {{{tex(g.role)}, {tex(g.amount)}}}\end{{cvitems}}}}")
    out.append(r"\end{cventries}")
    if person.patents:
        out += [r"\cvsection{Patents}", r"\begin{cvhonors}"]
        out += [rf"\cvhonor{{{tex(pt.number)}}}{{{tex(pt.title)}}}{{}}{{{pt.year}}}" for pt in person.patents]
        out.append(r"\end{cvhonors}")
    out += [r"\cvsection{Honors \& Awards}", r"\begin{cvhonors}"]
    out += [rf"\cvhonor{{{tex(n)}}}{{}}{{}}{{{y}}}" for n, y in [*person.awards, *person.programs]]
    out += [r"\end{cvhonors}", r"\cvsection{Invited Talks}", r"\begin{cventries}"]
    for t in person.talks:
        out.append(rf"\cventry{{{tex(t.host)}}}{{{tex(t.title)}}}{{{tex(t.city)}, {tex(t.country_name)}}}"
                   rf"{{{MONTHS[t.month - 1]}. {t.year}}}{{}}")
    out += [r"\end{cventries}", r"\end{document}"]
    return "\n".join(out)


def deedy(person: Person) -> str:
    """Deedy resume (Apache-2.0): two columns; the narrow left one holds education, funding (funder as
    an upper-case subheading, title and dates below) and honours."""
    first, last = person.name.split(" ", 1)
    left = [r"\section{Education}"]
    for d in person.degrees:
        left += [rf"\subsection{{{tex(d.org)}}}", rf"\descript{{{tex(d.degree)} in {tex(d.subject)}}}",
                 rf"\location{{{d.start} -- {d.end} | {tex(d.city)}}}", r"\sectionsep"]
    left.append(r"\section{Funding}")
    for g in person.grants:
        left += [rf"\subsection{{{tex(g.funder)}}}", rf"\descript{{{tex(g.title)}}}",
                 rf"\location{{{g.start} -- {g.end} | {tex(g.number)}}}", rf"{tex(g.role)}, {tex(g.amount)}",
                 r"\sectionsep"]
    left.append(r"\section{Honors}")
    left += [rf"{tex(n)}, {y} \\" for n, y in [*person.awards, *person.programs]]
    right = [r"\section{Experience}"]
    for p in person.positions:
        right += [rf"\runsubsection{{{tex(p.org)}}}", rf"\descript{{| {tex(p.role)}}}",
                  rf"\location{{{period(p, 'short', ' -- ')} | {tex(place(p))}}}", tex(p.unit) + r"\\",
                  r"\sectionsep"]
    if person.patents:
        right.append(r"\section{Patents}")
        right += [rf"{tex(pt.number)}, {tex(pt.title)}, {pt.year} \\" for pt in person.patents]
        right.append(r"\sectionsep")
    right.append(r"\section{Invited Talks}")
    for t in person.talks:
        right += [rf"\runsubsection{{{tex(t.host)}}}", rf"\descript{{| {tex(t.title)}}}",
                  rf"\location{{{MONTHS[t.month - 1]} {t.year} | {tex(t.city)}, {tex(t.country_name)}}}", r"\sectionsep"]
    return "\n".join([r"\documentclass[]{deedy-resume-openfont}", r"\begin{document}",
                      rf"\namesection{{{tex(first)}}}{{{tex(last)}}}{{{person.email} | {person.phone}\\ "
                      rf"{tex(person.address)}}}", r"\begin{minipage}[t]{0.33\textwidth}", *left,
                      r"\end{minipage}", r"\hfill", r"\begin{minipage}[t]{0.66\textwidth}", *right,
                      r"\end{minipage}", r"\end{document}"])


def twenty_seconds(person: Person) -> str:
    """Twenty Seconds CV (MIT): a grey sidebar with the profile; lower-case section names whose first
    letters sit in coloured boxes; a date column beside each entry."""
    def years(p: Position) -> str:
        return f"{p.start[1]}--{'present' if p.end is None else p.end[1]}"

    out = [r"\documentclass[]{twentysecondcv}", r"\begin{document}", rf"\cvname{{{tex(person.name)}}}",
           rf"\cvjobtitle{{{tex(person.title)}}}", rf"\cvaddress{{{tex(person.address)}}}",
           rf"\cvnumberphone{{{person.phone}}}", rf"\cvmail{{{person.email}}}",
           rf"\aboutme{{Research on {tex(person.interests)}.}}", r"\makeprofile", r"\section{appointments}",
           r"\begin{twenty}"]
    for p in person.positions:
        out.append(rf"\twentyitem{{{years(p)}}}{{{tex(p.role)}}}{{{tex(place(p))}}}{{{tex(p.unit)}, {tex(p.org)}}}")
    out += [r"\end{twenty}", r"\section{education}", r"\begin{twenty}"]
    for d in person.degrees:
        out.append(rf"\twentyitem{{{d.start}--{d.end}}}{{{tex(d.degree)} in {tex(d.subject)}}}{{{tex(d.city)}}}"
                   rf"{{{tex(d.org)}}}")
    out += [r"\end{twenty}", r"\section{grants}", r"\begin{twenty}"]
    for g in person.grants:
        out.append(rf"\twentyitem{{{g.start}--{g.end}}}{{{tex(g.title)}}}{{{tex(g.number)}}}"
                   rf"{{{tex(g.funder)}, {tex(g.role)}, {tex(g.amount)}}}")
    out.append(r"\end{twenty}")
    if person.patents:
        out += [r"\section{patents}", r"\begin{twentyshort}"]
        out += [rf"\twentyitemshort{{{pt.year}}}{{{tex(pt.number)}, {tex(pt.title)}}}" for pt in person.patents]
        out.append(r"\end{twentyshort}")
    out += [r"\section{awards}", r"\begin{twentyshort}"]
    out += [rf"\twentyitemshort{{{y}}}{{{tex(n)}}}" for n, y in [*person.awards, *person.programs]]
    out += [r"\end{twentyshort}", r"\section{talks}", r"\begin{twenty}"]
    for t in person.talks:
        out.append(rf"\twentyitem{{{MONTHS[t.month - 1]} {t.year}}}{{{tex(t.title)}}}{{{tex(t.country_name)}}}"
                   rf"{{Invited talk, {tex(t.host)}, {tex(t.city)}}}")
    out += [r"\end{twenty}", r"\end{document}"]
    return "\n".join(out)


def yaac(person: Person) -> str:
    """Yet Another Awesome CV (LPPL): a right-aligned date column with the end stacked over the start,
    organisations in small capitals, icon-font contact line."""
    first, last = person.name.split(" ", 1)

    def table(rows: list[tuple[str, str, str]]) -> list[str]:
        out = [r"\begin{longtable}{R{2.5cm}|p{14.8cm}}"]
        for top, bottom, text in rows:
            out += [rf"\textsc{{{top}}} & {text}\\", rf"\textsc{{{bottom}}} & \\", r"\multicolumn{2}{c}{} \\"]
        return [*out, r"\end{longtable}"]

    out = [r"\documentclass[localFont,alternative,10pt]{yaac-another-awesome-cv}", r"\selectlanguage{english}",
           rf"\name{{{tex(first)}}}{{{tex(last)}}}", rf"\tagline{{{tex(person.title)}}}",
           r"\socialinfo{" + rf"\smartphone{{{person.phone}}}\email{{{person.email}}}\\"
           + rf"\address{{{tex(person.address)}}}" + "}", r"\begin{document}", r"\selectlanguage{english}",
           r"\makecvheader", r"\section{Professional Experience}"]
    out += table([(when(p.end, "long"), when(p.start, "long"),
                   rf"{tex(p.role)}, \textsc{{{tex(p.org)}}}, {tex(place(p))}\newline {tex(p.unit)}")
                  for p in person.positions])
    out.append(r"\section{Education}")
    out += table([(str(d.end), str(d.start), rf"{tex(d.degree)} in {tex(d.subject)}, \textsc{{{tex(d.org)}}}, "
                   rf"{tex(d.city)}") for d in person.degrees])
    out.append(r"\section{Research Projects}")
    out += table([(str(g.end), str(g.start), rf"\textbf{{{tex(g.title)}}}\newline \textsc{{{tex(g.funder)}}}, "
                   rf"{tex(g.number)}, {tex(g.role)}, {tex(g.amount)}") for g in person.grants])
    if person.patents:
        out.append(r"\section{Patents}")
        out.append(r"\begin{itemize}" + "".join(rf"\item {tex(pt.number)}, {tex(pt.title)} ({pt.year})"
                                                for pt in person.patents) + r"\end{itemize}")
    out.append(r"\section{Honours}")
    out.append(r"\begin{itemize}" + "".join(rf"\item {tex(n)} ({y})" for n, y in [*person.awards, *person.programs])
               + r"\end{itemize}")
    out.append(r"\section{Invited Talks}")
    out.append(r"\begin{itemize}" + "".join(
        rf"\item ``{tex(t.title)}'', {tex(t.host)}, {tex(t.city)}, {tex(t.country_name)}, {LONG[t.month - 1]} {t.year}"
        for t in person.talks) + r"\end{itemize}")
    out.append(r"\end{document}")
    return "\n".join(out)


def simplecv(person: Person) -> str:
    """Simple Resume CV (public domain): bold organisation entries, bullet items with dates flushed right."""
    out = [r"\documentclass[a4paper,MMMyyyy,nonstopmode]{simpleresumecv}", r"\begin{document}",
           rf"\Title{{{tex(person.name)}}}", r"\begin{SubTitle}", tex(person.address), r"\par",
           rf"{person.email} \,\SubBulletSymbol\, {person.phone}", r"\end{SubTitle}", r"\begin{Body}",
           r"\Section{Academic Positions}{Academic Positions}{PDF:Positions}"]

    def stamp(date: tuple[int, int] | None) -> str:
        return "present" if date is None else rf"\DatestampYM{{{date[1]}}}{{{date[0]:02d}}}"

    for p in person.positions:
        out += [rf"\Entry \textbf{{{tex(p.org)}}}, {tex(place(p))}", r"\Gap",
                rf"\BulletItem {tex(p.role)}, {tex(p.unit)} \hfill {stamp(p.start)} -- {stamp(p.end)}"]
    out.append(r"\Section{Education}{Education}{PDF:Education}")
    for d in person.degrees:
        out += [rf"\Entry \textbf{{{tex(d.org)}}}, {tex(d.city)}", r"\Gap",
                rf"\BulletItem {tex(d.degree)} in {tex(d.subject)} \hfill {d.start} -- {d.end}"]
    out.append(r"\Section{Grants}{Grants}{PDF:Grants}")
    for g in person.grants:
        out += [rf"\Entry \textbf{{{tex(g.title)}}} \hfill {g.start} -- {g.end}", r"\Gap",
                rf"\BulletItem {tex(g.funder)}, {tex(g.number)}, {tex(g.role)}, {tex(g.amount)}"]
    if person.patents:
        out.append(r"\Section{Patents}{Patents}{PDF:Patents}")
        out += [rf"\BulletItem {tex(pt.number)}, {tex(pt.title)} \hfill {pt.year}" for pt in person.patents]
    out.append(r"\Section{Honors}{Honors}{PDF:Honors}")
    out += [rf"\BulletItem {tex(n)} \hfill {y}" for n, y in [*person.awards, *person.programs]]
    out.append(r"\Section{Invited Talks}{Invited Talks}{PDF:Talks}")
    out += [rf"\BulletItem ``{tex(t.title)}'', {tex(t.host)}, {tex(t.city)}, {tex(t.country_name)} \hfill "
            rf"{MONTHS[t.month - 1]} {t.year}" for t in person.talks]
    out += [r"\end{Body}", r"\end{document}"]
    return "\n".join(out)


def markdown_sentence(person: Person) -> str:
    """A Markdown CV with sentence-case headings and dates leading each item, printed to PDF."""
    out = [f"# {person.name}", "", f"{person.email} | {person.phone}  ", person.address, "",
           "## Current and past appointments", ""]
    for p in person.positions:
        out.append(f"- {period(p, 'num', ' to ')}: {p.role}, {p.unit}, {p.org} ({place(p)})")
    out += ["", "## Education and degrees", ""]
    out += [f"- {d.end}: {d.degree} in {d.subject}, {d.org}" for d in person.degrees]
    out += ["", "## Research funding received", ""]
    for g in person.grants:
        out.append(f"- {g.start} to {g.end}: *{g.title}*. {g.funder}, grant {g.number}. {g.role}, {g.amount}.")
    if person.patents:
        out += ["", "## Patents granted and filed", ""]
        out += [f"- {pt.year}: {pt.number}, {pt.title}" for pt in person.patents]
    out += ["", "## Prizes and honours", ""]
    out += [f"- {y}: {n}" for n, y in [*person.awards, *person.programs]]
    out += ["", "## Selected invited talks", ""]
    out += [f"- {MONTHS[t.month - 1]} {t.year}: {t.title}. {t.host}, {t.city}, {t.country_name}." for t in person.talks]
    return "\n".join(out) + "\n"


def word_table(person: Person, path: Path) -> None:
    """A Word CV laid out as tables with header rows naming the columns ('From', 'To', 'Position',
    'Institution'; 'Completion', 'Degree', 'Field of study'), dates as mm/yyyy."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(person.name, level=0)
    document.add_paragraph(f"{person.title}\n{person.address}\nE-mail: {person.email}   Phone: {person.phone}")

    def table(head: list[str], rows: list[list[str]]) -> None:
        grid = document.add_table(rows=1, cols=len(head))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, head, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in rows:
            for cell, text in zip(grid.add_row().cells, values, strict=True):
                cell.text = text

    document.add_heading("Employment history", level=1)
    table(["From", "To", "Position", "Institution"],
          [[when(p.start, "num"), when(p.end, "num"), p.role, f"{p.unit}, {p.org}, {place(p)}"]
           for p in person.positions])
    document.add_heading("Education", level=1)
    table(["Completion", "Degree", "Field of study", "Institution"],
          [[f"06/{d.end}", d.degree, d.subject, f"{d.org}, {d.city}"] for d in person.degrees])
    document.add_heading("Research grants", level=1)
    table(["Period", "Funder", "Title", "Grant no.", "Role"],
          [[f"{g.start}-{g.end}", g.funder, g.title, g.number, g.role] for g in person.grants])
    if person.patents:
        document.add_heading("Patents", level=1)
        for pt in person.patents:
            document.add_paragraph(f"{pt.number}, {pt.title} ({pt.year})", style="List Bullet")
    document.add_heading("Awards", level=1)
    for n, y in [*person.awards, *person.programs]:
        document.add_paragraph(f"{n}, {y}", style="List Bullet")
    document.add_heading("Invited talks", level=1)
    table(["Date", "Title", "Host", "Place"],
          [[f"{t.month:02d}/{t.year}", t.title, t.host, f"{t.city}, {t.country_name}"] for t in person.talks])
    document.save(str(path))


# ---------------------------------------------------------------- rendering

def europass_classic(person: Person, path: Path) -> None:
    """The classic Europass CV (2004-2012 Word template, still sent): a borderless two-column table,
    field labels right-aligned in the left column ('Dates', 'Occupation or position held', 'Name and
    address of employer'), section labels in bold, values in the right column."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    table = document.add_table(rows=0, cols=2)

    def row(label: str, value: str = "", section: bool = False) -> None:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        cells[1].text = value
        if section:
            for run in cells[0].paragraphs[0].runs:
                run.bold, run.font.size = True, Pt(12)

    row("Europass", "Curriculum Vitae", section=True)
    row("Personal information", section=True)
    row("First name(s) / Surname(s)", person.name)
    row("Address(es)", person.address)
    row("Telephone(s)", person.phone)
    row("E-mail", person.email)
    row("Work experience", section=True)
    for p in person.positions:
        row("Dates", period(p, "long", " – "))
        row("Occupation or position held", p.role)
        row("Name and address of employer", ", ".join(x for x in (p.unit, p.org, place(p)) if x))
    row("Education and training", section=True)
    for d in person.degrees:
        row("Dates", f"{d.start} – {d.end}")
        row("Title of qualification awarded", f"{d.degree} in {d.subject}")
        row("Name and type of organisation providing education and training", f"{d.org}, {d.city}")
    row("Additional information", section=True)
    row("Research grants", "; ".join(f"{g.funder}, {g.title} ({g.number}), {g.role}, {g.start}–{g.end}"
                                     for g in person.grants))
    if person.patents:
        row("Patents", "; ".join(f"{pt.number}, {pt.title} ({pt.year})" for pt in person.patents))
    row("Honours and awards", "; ".join(f"{n} ({y})" for n, y in [*person.awards, *person.programs]))
    row("Invited talks", "; ".join(f"{t.title}, {t.host}, {t.city} ({t.country_name}), {MONTHS[t.month - 1]} {t.year}"
                                   for t in person.talks))
    document.save(str(path))


def _docx_to_pdf(make: Callable[[Person, Path], None], person: Person, out: Path) -> None:
    """A Word CV printed to PDF by LibreOffice, as offices often receive it."""
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / f"{out.stem}.docx"
        make(person, docx_path)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / f"{out.stem}.pdf", out)


# ---------------------------------------------------------------- HTML printed by Chromium


_HTML_STYLE = """
@page { size: A4; margin: 0; }
body { margin: 0; font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; color: #222; }
.page { display: flex; min-height: 297mm; }
aside { width: 64mm; background: #24344d; color: #fff; padding: 12mm 7mm; box-sizing: border-box; }
main { flex: 1; padding: 12mm 10mm; }
h1 { font-size: 20pt; text-transform: uppercase; letter-spacing: 1px; margin: 0 0 2mm 0; }
.title { font-size: 10pt; margin-bottom: 6mm; }
aside h2 { font-size: 11pt; text-transform: uppercase; border-bottom: 1px solid #fff; margin: 6mm 0 2mm 0; }
main h2 { font-size: 13pt; color: #24344d; border-bottom: 2px solid #24344d; margin: 5mm 0 2mm 0; }
.label { font-size: 8pt; opacity: 0.8; }
.item { margin-bottom: 3mm; }
.role { font-weight: bold; font-size: 10.5pt; }
.meta { color: #666; font-size: 8.5pt; }
"""


def html_sidebar(person: Person) -> str:
    """A sidebar resume as web designers make them: name in capitals, contact with labels, education
    and honours in a coloured left column; posts with an organisation line and a grey date/place line."""
    from html import escape as e

    side = [f"<h1>{e(person.name)}</h1>", f"<div class='title'>{e(person.title)}</div>", "<h2>Contact</h2>",
            f"<div class='label'>Email</div><div>{e(person.email)}</div>",
            f"<div class='label'>Phone</div><div>{e(person.phone)}</div>",
            f"<div class='label'>Address</div><div>{e(person.address)}</div>", "<h2>Education</h2>"]
    for d in person.degrees:
        side.append(f"<div class='item'><b>{e(d.degree)}</b> {e(d.subject)}<br>{e(d.org)}<br>{d.start} – {d.end}</div>")
    side.append("<h2>Honours</h2>")
    side += [f"<div class='item'>{e(n)} ({y})</div>" for n, y in [*person.awards, *person.programs]]
    main = ["<h2>Experience</h2>"]
    for p in person.positions:
        org = f"{e(p.unit)} · {e(p.org)}" if p.unit else e(p.org)
        main.append(f"<div class='item'><div class='role'>{e(p.role)}</div><div>{org}</div>"
                    f"<div class='meta'>{period(p, 'short', ' – ')} · {e(place(p))}</div></div>")
    main.append("<h2>Community</h2>")  # a heading outside the vocabulary, set like the others
    main.append("<div class='item'>Volunteer tutor, weekend science club for school pupils (since 2019)</div>")
    main.append("<h2>Grants</h2>")
    for g in person.grants:
        main.append(f"<div class='item'><div class='role'>{e(g.title)}</div><div>{e(g.funder)}, {e(g.number)}</div>"
                    f"<div class='meta'>{e(g.role)} · {e(g.amount)} · {g.start} – {g.end}</div></div>")
    if person.patents:
        main.append("<h2>Patents</h2>")
        main += [f"<div class='item'>{e(pt.title)}. {e(pt.number)} ({pt.year})</div>" for pt in person.patents]
    main.append("<h2>Invited Talks</h2>")
    for t in person.talks:
        main.append(f"<div class='item'><div class='role'>{e(t.title)}</div><div>{e(t.host)}</div>"
                    f"<div class='meta'>{e(t.city)}, {e(t.country_name)} · {LONG[t.month - 1]} {t.year}</div></div>")
    return ("<!doctype html><html><head><meta charset='utf-8'><style>" + _HTML_STYLE + "</style></head><body>"
            "<div class='page'><aside>" + "\n".join(side) + "</aside><main>" + "\n".join(main)
            + "</main></div></body></html>")


def _chromium(source: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "cv.html"
        html.write_text(source, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={out}", html.as_uri()], check=True, capture_output=True, timeout=180)


def _latex(source: str, out: Path, extra_dirs: list[Path] = (), engine: str = "pdflatex",
           copy: Path | None = None) -> None:
    """`copy`: a template folder copied beside the source (its fonts are found by relative path)."""
    with tempfile.TemporaryDirectory() as tmp:
        if copy is not None:
            shutil.copytree(copy, tmp, dirs_exist_ok=True)
        # scalable Latin Modern fonts: T1 without them falls back to bitmaps that pdfTeX cannot expand
        source = source.replace(r"\usepackage[T1]{fontenc}", r"\usepackage[T1]{fontenc}\usepackage{mathptmx}\usepackage[scaled=0.92]{helvet}")
        (Path(tmp) / "cv.tex").write_text(source, encoding="utf-8")
        env = {**os.environ, "TEXINPUTS": os.pathsep.join([*map(str, extra_dirs), ""])}
        for _ in range(2):
            subprocess.run([engine, "-interaction=nonstopmode", "cv.tex"], cwd=tmp, env=env,
                           capture_output=True, check=False, timeout=180)
        pdf = Path(tmp) / "cv.pdf"
        log = (Path(tmp) / "cv.log").read_text(errors="replace") if (Path(tmp) / "cv.log").exists() else ""
        # nonstopmode prints a page past any error, often wrong (a heading set in math mode): a render
        # with an error is no CV a person would send, so it never lands in the corpus
        if not pdf.exists() or "\n! " in log:
            raise RuntimeError(f"{engine} failed for {out}: {log[log.find(chr(10) + '! '):][:400]}")
        shutil.copy(pdf, out)


def _pandoc(source: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        md = Path(tmp) / "cv.md"
        md.write_text(source, encoding="utf-8")
        args = ["pandoc", str(md), "-o", str(out)]
        if out.suffix == ".pdf":
            args += ["-V", "geometry:margin=1in"]
        subprocess.run(args, check=True, capture_output=True, timeout=120)


def _word_to_pdf(person: Person, out: Path) -> None:
    """The Word biosketch printed to PDF by LibreOffice, as offices often receive it."""
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / f"{out.stem}.docx"
        nih_biosketch(person, docx_path)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / f"{out.stem}.pdf", out)


def _altacv_dirs() -> list[Path]:
    return [Path(os.environ.get("ALTACV_DIR", "/tmp/i13/altacv"))]


def _template(name: str) -> Path:
    """A checkout of a public template (never committed): $RSI_TEMPLATES_DIR/NAME, fetched from GitHub
    (awesome-cv: posquit0/Awesome-CV at 964f99d, the last before Font Awesome 6, deedy: deedy/Deedy-Resume OpenFonts/, twentyseconds:
    spagnuolocarmine/TwentySecondsCurriculumVitae-LaTex, yaac: darwiin/yaac-another-awesome-cv,
    simplecv: zachscrivena/simple-resume-cv)."""
    return Path(os.environ.get("RSI_TEMPLATES_DIR", "/tmp/xtpl")) / name


# template -> (suffix, renderer, people); HELD_OUT templates are never looked at while tuning.
TEMPLATES: dict[str, tuple[str, Callable[[Person, Path], None], list[str]]] = {
    "moderncv_classic": (".pdf", lambda p, o: _latex(moderncv(p, "classic"), o), ["p01", "p02", "p07"]),
    "moderncv_banking": (".pdf", lambda p, o: _latex(moderncv(p, "banking"), o), ["p03", "p08"]),
    "article_rightdates": (".pdf", lambda p, o: _latex(article_rightdates(p), o), ["p04", "p05", "p06"]),
    "article_sidebar": (".pdf", lambda p, o: _latex(article_sidebar(p), o), ["p01", "p07"]),
    "pandoc_markdown_pdf": (".pdf", lambda p, o: _pandoc(markdown(p), o), ["p02", "p08"]),
    "nih_biosketch_docx": (".docx", nih_biosketch, ["p03", "p05"]),
    "nih_biosketch_pdf": (".pdf", _word_to_pdf, ["p02", "p07"]),
    "html_sidebar": (".pdf", lambda p, o: _chromium(html_sidebar(p), o), ["p03", "p06"]),
    "europass_classic_docx": (".docx", europass_classic, ["p04", "p08"]),
    "europass_classic_pdf": (".pdf", lambda p, o: _docx_to_pdf(europass_classic, p, o), ["p02", "p07"]),
    "awesome_cv": (".pdf", lambda p, o: _latex(awesome_cv(p), o, engine="xelatex", copy=_template("awesome-cv")),
                   ["p01", "p04", "p06"]),
    "deedy": (".pdf", lambda p, o: _latex(deedy(p), o, engine="xelatex", copy=_template("deedy") / "OpenFonts"),
              ["p02", "p05", "p08"]),
    "twenty_seconds": (".pdf", lambda p, o: _latex(twenty_seconds(p), o, copy=_template("twentyseconds")),
                       ["p03", "p06", "p07"]),
    "yaac": (".pdf", lambda p, o: _latex(yaac(p), o, engine="lualatex", copy=_template("yaac")), ["p01", "p05", "p08"]),
    "simplecv": (".pdf", lambda p, o: _latex(simplecv(p), o, engine="xelatex", copy=_template("simplecv")),
                 ["p02", "p03", "p04"]),
    "word_table_docx": (".docx", word_table, ["p01", "p06", "p07"]),
    "word_table_pdf": (".pdf", lambda p, o: _docx_to_pdf(word_table, p, o), ["p03", "p05", "p08"]),
    "markdown_sentence_pdf": (".pdf", lambda p, o: _pandoc(markdown_sentence(p), o), ["p04", "p05", "p07"]),
    # the second round (more_layouts.py)
    "jake_resume": (".pdf", lambda p, o: _latex(ml.jake(p, _template("jake")), o), ["p09", "p10", "p03"]),
    "latexcv_classic": (".pdf", lambda p, o: _latex(ml.latexcv_classic(p, _template("latexcv")), o),
                        ["p11", "p12", "p05"]),
    "latexcv_sidebar": (".pdf", lambda p, o: _latex(ml.latexcv_sidebar(p, _template("latexcv")), o),
                        ["p09", "p12", "p06"]),
    "label_grid_html": (".pdf", lambda p, o: _chromium(ml.label_grid(p), o), ["p09", "p11", "p04"]),
    "label_lists_html": (".pdf", lambda p, o: _chromium(ml.label_grid(p, labelled=True), o), ["p12", "p02", "p07"]),
    "three_cells_html": (".pdf", lambda p, o: _chromium(ml.three_cells(p), o), ["p09", "p06", "p11"]),
    "currvita": (".pdf", lambda p, o: _latex(ml.currvita(p), o), ["p10", "p12", "p05"]),
    # curve (TeX Live's class) left the corpus on 2026-12-07: with today's longtable its rubrics fail
    # ('Extra alignment tab'), keys and entries set apart and run past the margin, no CV anyone sends
    "paracol_events": (".pdf", lambda p, o: _latex(ml.paracol_events(p), o), ["p09", "p10", "p12", "p07"]),
    "word_tabs_docx": (".docx", ml.word_tabs, ["p10", "p11", "p02"]),
    "word_tabs_pdf": (".pdf", lambda p, o: _docx_to_pdf(ml.word_tabs, p, o), ["p12", "p09", "p06"]),
    "event_cards_html": (".pdf", lambda p, o: _chromium(ml.event_cards(p), o), ["p10", "p12", "p08"]),
    "mcdowell": (".pdf", lambda p, o: _latex(ml.mcdowell(p, _template("mcdowell")), o, engine="lualatex",
                                  copy=ml.mcdowell_checkout(_template("mcdowell"))),
                 ["p10", "p11", "p01"]),
    # the third round (row_layouts.py)
    "hfill_rows": (".pdf", lambda p, o: _latex(rl.hfill_rows(p), o, engine="xelatex"), ["p13", "p14", "p03"]),
    "tabularx_rows": (".pdf", lambda p, o: _latex(rl.tabularx_rows(p), o), ["p14", "p13", "p12", "p10"]),
    "icon_events": (".pdf", lambda p, o: _latex(rl.icon_events(p), o), ["p15", "p13", "p11"]),
    "word_centre_tabs_docx": (".docx", rl.word_centre_tabs, ["p14", "p15", "p09"]),
    "word_centre_tabs_pdf": (".pdf", lambda p, o: _docx_to_pdf(rl.word_centre_tabs, p, o), ["p13", "p15", "p01"]),
    # the fourth round (cell_layouts.py)
    "bold_cells": (".pdf", lambda p, o: _latex(cl.bold_cells(p), o, engine="lualatex"), ["p07", "p12", "p15", "p05", "p09", "p04", "p11"]),
    "bold_cells_sans": (".pdf", lambda p, o: _latex(cl.bold_cells(p, "Liberation Sans"), o, engine="lualatex"),
                        ["p01", "p10", "p08", "p06"]),
    "bold_cells_docx": (".docx", cl.bold_cells_word, ["p08", "p13", "p04"]),
    "bold_cells_pdf": (".pdf", lambda p, o: _docx_to_pdf(cl.bold_cells_word, p, o), ["p14", "p02", "p10"]),
    "glyph_events": (".pdf", lambda p, o: _latex(cl.glyph_events(p), o), ["p01", "p06", "p09", "p14"]),
    # held out
    "europasscv": (".pdf", lambda p, o: _latex(europass(p), o), ["p05", "p06", "p01"]),
    "altacv": (".pdf", lambda p, o: _latex(altacv(p), o, _altacv_dirs()), ["p04", "p02"]),
    "pandoc_markdown_docx": (".docx", lambda p, o: _pandoc(markdown(p), o), ["p06", "p07"]),
    "friggeri": (".pdf", lambda p, o: _latex(cl.friggeri(p), o, engine="xelatex",
                                             copy=cl.friggeri_checkout(_template("friggeri"))), ["p03", "p11", "p13"]),
    # the fifth round (typst_layouts.py): Typst through RenderCV ($RENDERCV), with people p16-p18
    "rendercv_classic": (".pdf", lambda p, o: ty.rendercv(p, "classic", o), ["p16", "p18", "p05"]),
    "rendercv_engineering": (".pdf", lambda p, o: ty.rendercv(p, "engineeringresumes", o), ["p17", "p18", "p09"]),
    "rendercv_moderncv": (".pdf", lambda p, o: ty.rendercv(p, "moderncv", o), ["p17", "p16", "p14"]),
    # the sixth round (typst_dev.py): Typst in designs of our own, dev, with people p19-p21
    "typst_banner": (".pdf", lambda p, o: td.typst_pdf(p, "banner", o), ["p19", "p21", "p03"]),
    "typst_accent": (".pdf", lambda p, o: td.typst_pdf(p, "accent", o), ["p20", "p19", "p08"]),
    "typst_sidebar": (".pdf", lambda p, o: td.typst_pdf(p, "sidebar", o), ["p21", "p20", "p11"]),
    # the seventh round (jsonresume_layouts.py): JSON Resume themes from npm printed by Chromium; two dev,
    # three held out with people p22-p24 (people_more.py)
    "jsonresume_even": (".pdf", lambda p, o: _chromium(jr.html(p, "even"), o), ["p04", "p13", "p19"]),
    "jsonresume_paper": (".pdf", lambda p, o: _chromium(jr.html(p, "paper"), o), ["p02", "p10", "p20"]),
    "jsonresume_stackoverflow": (".pdf", lambda p, o: _chromium(jr.html(p, "stackoverflow"), o),
                                 ["p22", "p23", "p24"]),
    "jsonresume_actual": (".pdf", lambda p, o: _chromium(jr.html(p, "actual"), o), ["p23", "p24", "p22"]),
    "jsonresume_macchiato": (".pdf", lambda p, o: _chromium(jr.html(p, "macchiato"), o), ["p24", "p22", "p23"]),
    # the eighth round (jsonresume_layouts.py): three more JSON Resume themes, dev, people of people.py
    "jsonresume_caffeine": (".pdf", lambda p, o: _chromium(jr.html(p, "caffeine"), o), ["p21", "p15", "p07"]),
    "jsonresume_eloquent": (".pdf", lambda p, o: _chromium(jr.html(p, "eloquent"), o), ["p20", "p12", "p03"]),
    "jsonresume_autumn": (".pdf", lambda p, o: _chromium(jr.html(p, "autumn"), o), ["p19", "p14", "p11"]),
}


def build(only: str | None = None, truth_only: bool = False) -> None:
    """Render each template's CVs and write their truth; `truth_only`: rewrite the truth of the
    committed renders (after a change to people.py's facts that the CVs already print)."""
    people = {p.id: p for p in [*PEOPLE, *MORE_PEOPLE]}
    for template, (suffix, render, ids) in TEMPLATES.items():
        if only and template != only:
            continue
        folder = HERE / template
        folder.mkdir(exist_ok=True)
        for ident in ids:
            out = folder / f"{ident}{suffix}"
            if truth_only:
                if out.exists():
                    (folder / f"{ident}.truth.json").write_text(
                        json.dumps(truth(people[ident], template, out.name), indent=1, ensure_ascii=False) + "\n")
                continue
            try:
                render(people[ident], out)
            except (RuntimeError, subprocess.CalledProcessError) as exc:
                print(f"FAILED {out}: {str(exc)[-600:]}")
                continue
            (folder / f"{ident}.truth.json").write_text(
                json.dumps(truth(people[ident], template, out.name), indent=1, ensure_ascii=False) + "\n")
            print(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--only")
    parser.add_argument("--truth-only", action="store_true", help="rewrite the committed renders' truth")
    args = parser.parse_args()
    build(args.only, args.truth_only)
