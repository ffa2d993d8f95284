"""A second round of real layouts (2026-12-04): public templates and web designs the first round did
not have, with the people of people.py (p09-p12 were written for this round).

LaTeX templates are read from their own checkouts ($RSI_TEMPLATES_DIR/NAME, never committed):
  jake: jakegut/resume at 3e64a93 (MIT): small-caps headings over a rule; each entry two rows with
    the place and the dates right-aligned (`\\resumeSubheading`).
  latexcv: jankapunkt/latexcv at ee0a883 (MIT): `classic` (entry title and organisation on one line,
    the dates right-aligned in colour; centred headings) and `sidebarleft` (paracol: a sidebar of
    `\\cvmetaevent` blocks beside the main column; dates in a coloured box).
  mcdowell: dnl-blkv/mcdowell-cv at b7e2d27 (MIT): one line per entry, role left, organisation
    centred in bold, dates right.
Only each template's preamble or class is used; the content is written here.
The two web designs are ours: a label grid (headings and dates in a right-aligned left column, as
Europass-style CVs set them) and event cards (title, organisation, and a line of icons with date and
place, in two columns).
"""

from __future__ import annotations

from html import escape as e
from pathlib import Path

from tests.corpus.real_layouts.people import Person
from tests.corpus.real_layouts.typeset import LONG, MONTHS, tex

NAMES = {"US": "USA", "IT": "Italy", "SE": "Sweden", "CN": "China", "DK": "Denmark", "AU": "Australia",
         "GB": "United Kingdom", "TW": "Taiwan", "RU": "Russia", "DE": "Germany", "FR": "France", "IN": "India",
         "BR": "Brazil", "IR": "Iran", "KR": "Republic of Korea", "PE": "Peru", "CH": "Switzerland",
         "CA": "Canada", "SG": "Singapore", "NG": "Nigeria", "JP": "Japan",
         "HK": "Hong Kong", "PL": "Poland", "IL": "Israel", "NL": "The Netherlands", "VN": "Vietnam",
         "GH": "Ghana", "ZA": "South Africa"}


# build.py's when()/place() write 'present' and 'UK'; these designs write 'Present' and the countries'
# names in full ('United Kingdom', 'Republic of Korea'), as their own templates show them
def _when(date, style: str) -> str:
    if date is None:
        return {"short": "Present", "num": "Present", "long": "present"}[style]
    month, year = date
    return {"short": f"{MONTHS[month - 1]}. {year}", "num": f"{month:02d}/{year}",
            "long": f"{LONG[month - 1]} {year}"}[style]


def _period(pos, style: str, dash: str) -> str:
    return f"{_when(pos.start, style)}{dash}{_when(pos.end, style)}"


def _place(pos) -> str:
    return pos.city if "," in pos.city else f"{pos.city}, {NAMES[pos.country]}"


def _preamble(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    return source[: source.index(r"\begin{document}")]


# ---------------------------------------------------------------- LaTeX


def jake(person: Person, checkout: Path) -> str:
    body = [r"\begin{center}", rf"\textbf{{\Huge \scshape {tex(person.name)}}} \\ \vspace{{1pt}}",
            rf"\small {tex(person.phone)} $|$ \href{{mailto:{person.email}}}{{\underline{{{person.email}}}}} $|$ "
            rf"{tex(person.address)}", r"\end{center}", r"\section{Education}", r"\resumeSubHeadingListStart"]
    for d in person.degrees:
        body.append(rf"\resumeSubheading{{{tex(d.org)}}}{{{tex(d.city)}}}{{{tex(d.degree)} in {tex(d.subject)}}}"
                    rf"{{{d.start} -- {d.end}}}")
    body += [r"\resumeSubHeadingListEnd", r"\section{Experience}", r"\resumeSubHeadingListStart"]
    for p in person.positions:
        org = f"{p.unit}, {p.org}" if p.unit else p.org
        body.append(rf"\resumeSubheading{{{tex(p.role)}}}{{{_period(p, 'short', ' -- ')}}}{{{tex(org)}}}"
                    rf"{{{tex(_place(p))}}}")
    body += [r"\resumeSubHeadingListEnd", r"\section{Research Funding}", r"\resumeSubHeadingListStart"]
    for g in person.grants:
        body += [rf"\resumeProjectHeading{{\textbf{{{tex(g.title)}}} $|$ \emph{{{tex(g.funder)}, {tex(g.number)}}}}}"
                 rf"{{{g.start} -- {g.end}}}", r"\resumeItemListStart",
                 rf"\resumeItem{{{tex(g.role)}; {tex(g.amount)}}}", r"\resumeItemListEnd"]
    body.append(r"\resumeSubHeadingListEnd")
    if person.patents:
        body += [r"\section{Patents}", r"\resumeItemListStart"]
        body += [rf"\resumeItem{{{tex(pt.title)}, {tex(pt.number)} ({pt.year})}}" for pt in person.patents]
        body.append(r"\resumeItemListEnd")
    body += [r"\section{Invited Talks}", r"\resumeSubHeadingListStart"]
    for t in person.talks:
        body.append(rf"\resumeSubheading{{{tex(t.title)}}}{{{MONTHS[t.month - 1]}. {t.year}}}{{{tex(t.host)}}}"
                    rf"{{{tex(t.city)}, {tex(t.country_name)}}}")
    body += [r"\resumeSubHeadingListEnd", r"\section{Honors}", r"\resumeItemListStart"]
    body += [rf"\resumeItem{{{tex(n)} ({y})}}" for n, y in [*person.awards, *person.programs]]
    body += [r"\resumeItemListEnd"]
    return _preamble(checkout / "resume.tex") + "\n\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n"


def _letterspaced(preamble: str) -> str:
    """Section headings in letter-spaced capitals (microtype's \\textls), as many designs set them."""
    return preamble + "\n\\usepackage[letterspace=300]{microtype}\n\\renewcommand{\\cvsection}[1]{\\begin{center}" \
        "\\large\\textcolor{sectcol}{\\textbf{\\textls{\\MakeUppercase{#1}}}}\\end{center}}\n"


def _latexcv_preamble(path: Path) -> str:
    # raleway and fontawesome are in texlive-fonts-extra, which the build machine lacks: the default sans
    # serif instead, and no icons (the content here calls none)
    return (_preamble(path).replace(r"\usepackage[default]{raleway}", "")
            .replace(r"\usepackage{fontawesome}", ""))


def latexcv_classic(person: Person, checkout: Path) -> str:
    body = [r"\pagestyle{fancy}", r"\begin{center}",
            rf"\HUGE \textsc{{{tex(person.name)}}} \textcolor{{sectcol}}{{\rule[-1mm]{{1mm}}{{0.9cm}}}} \textsc{{Curriculum Vitae}}\\[2pt]",
            rf"\small {tex(person.title)}", r"\end{center}", r"\vspace{6pt}",
            rf"\metasection{{{tex(person.address)}}}{{\textbf{{Fields:}} {tex(person.interests)}}}",
            rf"\metasection{{{person.email}}}{{\textbf{{Phone:}} {tex(person.phone)}}}",
            r"\textcolor{softcol}{\hrule}", r"\vspace{6pt}", r"\normalsize", r"\cvsection{Experience}"]
    for p in person.positions:
        detail = [p.unit, _place(p)] if p.unit else [_place(p)]
        body.append(rf"\cvevent{{{_period(p, 'num', ' - ')}}}{{{tex(p.role)}}}{{{tex(p.org)}}}"
                    "{" + ",".join("{" + tex(x).replace(",", "{,}") + "}" for x in detail) + "}")
    body.append(r"\cvsection{Education}")
    for d in person.degrees:
        body.append(rf"\cvevent{{{d.start} - {d.end}}}{{{tex(d.degree)} {tex(d.subject)}}}{{{tex(d.org)}}}"
                    rf"{{{{{tex(d.city).replace(',', '{,}')}}}}}")
    body.append(r"\cvsection{Grants}")
    for g in person.grants:
        body.append(rf"\cvevent{{{g.start} - {g.end}}}{{{tex(g.title)}}}{{{tex(g.funder)}}}"
                    rf"{{{{{tex(g.role)}: {tex(g.number)}; {tex(g.amount).replace(',', '{,}')}}}}}")
    if person.patents:
        body.append(r"\cvsection{Patents}")
        for pt in person.patents:
            body.append(rf"\cvevent{{{pt.year}}}{{{tex(pt.title)}}}{{{tex(pt.number)}}}{{{{Granted}}}}")
    body.append(r"\cvsection{Invited Talks}")
    for t in person.talks:
        body.append(rf"\cvevent{{{t.month:02d}/{t.year}}}{{{tex(t.title)}}}{{{tex(t.host)}}}"
                    rf"{{{{{tex(t.city)}{{,}} {tex(t.country_name)}}}}}")
    body.append(r"\cvsection{Awards}")
    body += [rf"{tex(n)}, {y}\\" for n, y in [*person.awards, *person.programs]]
    return (_letterspaced(_latexcv_preamble(checkout / "classic" / "main.tex")) + "\n\\begin{document}\n" + "\n".join(body)
            + "\n\\end{document}\n")


def latexcv_sidebar(person: Person, checkout: Path) -> str:
    # \cvtext is sized for the template's boxes; plain paragraphs elsewhere
    left = [r"\cvsection{Contact}", rf"\par\noindent {tex(person.address)}\\ {person.email}\\ {tex(person.phone)}\par",
            r"\cvsection{Education}"]
    for d in person.degrees:
        left.append(rf"\cvmetaevent{{{tex(d.degree)}, {tex(d.subject)}}}{{{tex(d.org)}}}{{{tex(d.city)}}}"
                    rf"{{{d.start} -- {d.end}}}")
    left.append(r"\cvsection{Talks}")
    for t in person.talks:
        left.append(rf"\cvmetaevent{{{tex(t.title)}}}{{{tex(t.host)}}}{{{tex(t.city)}, {tex(t.country_name)}}}"
                    rf"{{{LONG[t.month - 1]} {t.year}}}")
    left.append(r"\cvsection{Awards}")
    left += [rf"\par\noindent {tex(n)} ({y})\par" for n, y in [*person.awards, *person.programs]]
    right = [r"\fcolorbox{white}{darkcol}{\begin{minipage}[c][3.5cm][c]{1\mpwidth}", r"\begin {center}",
             rf"\HUGE{{ \textbf{{ \textcolor{{white}}{{ \uppercase{{ {tex(person.name)} }} }} }} }} \\[-24pt]",
             r"\textcolor{white}{ \rule{0.1\textwidth}{1.25pt} } \\[4pt]",
             rf"\large{{ \textcolor{{white}} {{{tex(person.title)}}} }}", r"\end {center}", r"\end{minipage}} \\[14pt]",
             r"\cvsection{Profile}", rf"\par\noindent Research on {tex(person.interests)}.\par",
             r"\cvsection{Work Experience}"]
    for p in person.positions:
        detail = f"{p.unit}, {_place(p)}" if p.unit else _place(p)
        right.append(rf"\cvevent{{{_period(p, 'short', ' - ')}}}{{{tex(p.role)}}}{{{tex(p.org)}}}{{{tex(detail)}}}"
                     "{}{}{}")
    right.append(r"\cvsection{Funding}")
    for g in person.grants:
        right.append(rf"\cvevent{{{g.start} - {g.end}}}{{{tex(g.title)}}}{{{tex(g.funder)}}}"
                     rf"{{{tex(g.role)}, {tex(g.number)}, {tex(g.amount)}}}{{}}{{}}{{}}")
    if person.patents:
        right.append(r"\cvsection{Patents}")
        right += [rf"\par\noindent {tex(pt.number)}: {tex(pt.title)} ({pt.year})\par" for pt in person.patents]
    return (_latexcv_preamble(checkout / "sidebarleft" / "main.tex") + "\n\\begin{document}\n"
            + "\n".join([r"\columnratio{0.31}", r"\setlength{\columnsep}{2.2em}", r"\setlength{\columnseprule}{4pt}",
                         r"\colseprulecolor{lightcol}", r"\begin{paracol}{2}", r"\begin{leftcolumn}", *left,
                         r"\end{leftcolumn}", r"\begin{rightcolumn}", *right, r"\end{rightcolumn}",
                         r"\end{paracol}"]) + "\n\\end{document}\n")


def mcdowell(person: Person, checkout: Path) -> str:
    body = [r"\documentclass[]{mcdowellcv}", rf"\name{{{tex(person.name)}}}",
            rf"\address{{{tex(person.address)}}}", rf"\contacts{{{tex(person.phone)} \linebreak {person.email}}}",
            r"\begin{document}", r"\makeheader", r"\begin{cvsection}{Employment}"]
    for p in person.positions:
        body += [rf"\begin{{cvsubsection}}{{{tex(p.role)}}}{{{tex(p.org)}}}{{{_period(p, 'long', ' -- ')}}}",
                 tex(", ".join(x for x in (p.unit, _place(p)) if x)), r"\end{cvsubsection}"]
    body += [r"\end{cvsection}", r"\begin{cvsection}{Education}"]
    for d in person.degrees:
        body += [rf"\begin{{cvsubsection}}{{{tex(d.city)}}}{{{tex(d.org)}}}{{{d.start} -- {d.end}}}",
                 r"\begin{itemize}", rf"\item {tex(d.degree)} in {tex(d.subject)}", r"\end{itemize}",
                 r"\end{cvsubsection}"]
    body += [r"\end{cvsection}", r"\begin{cvsection}{Grants and Funding}", r"\begin{cvsubsection}{}{}{}",
             r"\begin{itemize}"]
    body += [rf"\item \textbf{{{tex(g.funder)}}} ({g.start} -- {g.end}): {tex(g.title)}, {tex(g.number)}; "
             rf"{tex(g.role)}, {tex(g.amount)}." for g in person.grants]
    body += [r"\end{itemize}", r"\end{cvsubsection}", r"\end{cvsection}"]
    if person.patents:
        body += [r"\begin{cvsection}{Patents}", r"\begin{cvsubsection}{}{}{}", r"\begin{itemize}"]
        body += [rf"\item {tex(pt.title)}. {tex(pt.number)}, {pt.year}." for pt in person.patents]
        body += [r"\end{itemize}", r"\end{cvsubsection}", r"\end{cvsection}"]
    body += [r"\begin{cvsection}{Invited Presentations}", r"\begin{cvsubsection}{}{}{}", r"\begin{itemize}"]
    body += [rf"\item \textbf{{{tex(t.title)}}} ({LONG[t.month - 1]} {t.year}). {tex(t.host)}, {tex(t.city)}, "
             rf"{tex(t.country_name)}." for t in person.talks]
    body += [r"\end{itemize}", r"\end{cvsubsection}", r"\end{cvsection}",
             r"\begin{cvsection}{Awards}", r"\begin{cvsubsection}{}{}{}", r"\begin{itemize}"]
    body += [rf"\item {tex(n)} ({y})" for n, y in [*person.awards, *person.programs]]
    body += [r"\end{itemize}", r"\end{cvsubsection}", r"\end{cvsection}", r"\end{document}"]
    return "\n".join(body) + "\n"


# ---------------------------------------------------------------- web designs printed by Chromium

_GRID_STYLE = """
@page { size: A4; margin: 14mm 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #333; margin: 0; }
.row { display: grid; grid-template-columns: 44mm 1fr; column-gap: 5mm; margin-bottom: 1.6mm; }
.label { text-align: right; color: #1f4e96; font-size: 8pt; padding-top: 0.5mm; }
.head .label { text-transform: uppercase; font-size: 9.5pt; font-weight: bold; }
.head .rule { border-bottom: 1px solid #1f4e96; margin-bottom: 2mm; }
.head { margin-top: 4mm; }
.name { font-size: 17pt; color: #222; }
.role { font-weight: bold; font-size: 10pt; color: #1f4e96; }
.small { font-size: 8.5pt; }
"""


def label_grid(person: Person, labelled: bool = False) -> str:
    """`labelled`: grants, patents, talks and honours as labelled lists under one 'Additional
    information' heading, each label beside the first item of its list (as Europass CVs write them)."""
    def row(label: str, *lines: str, cls: str = "") -> str:
        return (f"<div class='row {cls}'><div class='label'>{label}</div><div>" + "<br>".join(lines)
                + "</div></div>")

    def head(title: str) -> str:
        return f"<div class='row head'><div class='label'>{e(title)}</div><div class='rule'></div></div>"

    out = [head("Personal information"), row("", f"<span class='name'>{e(person.name)}</span>"),
           row("Address", e(person.address)), row("Telephone", e(person.phone)), row("Email", e(person.email)),
           head("Work experience")]
    for p in person.positions:
        out.append(row(_period(p, "num", " – "), f"<span class='role'>{e(p.role)}</span>",
                       e(f"{p.org}, {p.city}" if "," not in p.city else f"{p.org}, {p.city}")
                       + ("" if "," in p.city else f" ({e(NAMES[p.country])})"),
                       *([f"<span class='small'>{e(p.unit)}</span>"] if p.unit else [])))
    out.append(head("Education and training"))
    for d in person.degrees:
        out.append(row(f"{d.start} – {d.end}", f"<span class='role'>{e(d.degree)} {e(d.subject)}</span>",
                       e(f"{d.org}, {d.city}")))
    if labelled:
        out.append(head("Additional information"))
        lists = [("Research grants", [f"{g.funder}: {g.title} ({g.number}), {g.start}–{g.end}, {g.role}"
                                      for g in person.grants]),
                 ("Patents", [f"{pt.number}: {pt.title} ({pt.year})" for pt in person.patents]),
                 ("Invited talks", [f"“{t.title}”, {t.host}, {t.city}, {t.country_name}, {LONG[t.month - 1]} {t.year}"
                                    for t in person.talks]),
                 ("Honours", [f"{n} ({y})" for n, y in [*person.awards, *person.programs]])]
        for label, items in lists:
            out += [row(e(label) if i == 0 else "", "• " + e(item)) for i, item in enumerate(items)]
        return ("<!doctype html><html><head><meta charset='utf-8'><style>" + _GRID_STYLE + "</style></head><body>"
                + "\n".join(out) + "</body></html>")
    out.append(head("Research grants"))
    for g in person.grants:
        out.append(row(f"{g.start} – {g.end}", f"<span class='role'>{e(g.title)}</span>",
                       e(f"{g.funder} ({g.number}); {g.role}, {g.amount}")))
    if person.patents:
        out.append(head("Patents"))
        out += [row(str(pt.year), e(f"{pt.title}, {pt.number}")) for pt in person.patents]
    out.append(head("Invited seminars"))
    for t in person.talks:
        out.append(row(f"{t.month:02d}/{t.year}", f"“{e(t.title)}”", e(f"{t.host}, {t.city} ({t.country_name})")))
    out.append(head("Honours and awards"))
    out += [row(str(y), e(n)) for n, y in [*person.awards, *person.programs]]
    return ("<!doctype html><html><head><meta charset='utf-8'><style>" + _GRID_STYLE + "</style></head><body>"
            + "\n".join(out) + "</body></html>")


_CARD_STYLE = """
@page { size: A4; margin: 12mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #2b2b2b; margin: 0; }
header h1 { font-size: 22pt; margin: 0; color: #8f1d21; }
header .tag { font-size: 11pt; margin: 1mm 0 2mm 0; }
header .contact span { margin-right: 5mm; }
.cols { display: flex; gap: 8mm; margin-top: 4mm; }
.wide { flex: 62; } .narrow { flex: 38; }
h2 { font-size: 12pt; text-transform: uppercase; color: #8f1d21; border-bottom: 1.5px solid #8f1d21;
     margin: 4mm 0 2mm 0; letter-spacing: 3px; }
.ev { margin-bottom: 3mm; }
.ev .t { font-size: 10.5pt; }
.ev .o { color: #8f1d21; font-weight: bold; }
.ev .m { color: #666; font-size: 8pt; }
.ev .m svg { width: 8pt; height: 8pt; vertical-align: -1pt; margin-right: 1mm; }
.gap { display: inline-block; width: 5mm; }
"""
_CAL = ("<svg viewBox='0 0 10 10'><rect x='1' y='2' width='8' height='7' fill='none' stroke='#666'/>"
        "<line x1='1' y1='4' x2='9' y2='4' stroke='#666'/></svg>")
_PIN = "<svg viewBox='0 0 10 10'><circle cx='5' cy='4' r='3' fill='#666'/><path d='M2.5 5 L5 10 L7.5 5' fill='#666'/></svg>"


def _event(title: str, org: str, date: str, where: str = "") -> str:
    meta = f"{_CAL}{e(date)}" + (f"<span class='gap'></span>{_PIN}{e(where)}" if where else "")
    return (f"<div class='ev'><div class='t'>{e(title)}</div><div class='o'>{e(org)}</div>"
            f"<div class='m'>{meta}</div></div>")


def event_cards(person: Person) -> str:
    wide = ["<h2>Experience</h2>"]
    for p in person.positions:
        org = f"{p.org} · {p.unit}" if p.unit else p.org
        wide.append(_event(p.role, org, _period(p, "short", " – ").replace("Present", "Ongoing"), _place(p)))
    wide.append("<h2>Funding</h2>")
    for g in person.grants:
        wide.append(_event(g.title, g.funder, f"{g.start} – {g.end}", f"{g.role} · {g.number} · {g.amount}"))
    if person.patents:
        wide.append("<h2>Patents</h2>")
        wide += [_event(pt.title, pt.number, str(pt.year)) for pt in person.patents]
    narrow = ["<h2>Talks</h2>"]
    for t in person.talks:
        narrow.append(_event(t.title, t.host, f"{MONTHS[t.month - 1]} {t.year}", f"{t.city}, {t.country_name}"))
    narrow.append("<h2>Education</h2>")
    for d in person.degrees:
        narrow.append(_event(f"{d.degree} in {d.subject}", d.org, f"{d.start} – {d.end}", d.city))
    narrow.append("<h2>Awards</h2>")
    narrow += [f"<div class='ev'>{e(n)} ({y})</div>" for n, y in [*person.awards, *person.programs]]
    head = (f"<header><h1>{e(person.name)}</h1><div class='tag'>{e(person.title)}</div><div class='contact'>"
            f"<span>{e(person.email)}</span><span>{e(person.phone)}</span><span>{e(person.address)}</span></div>"
            "</header>")
    return ("<!doctype html><html><head><meta charset='utf-8'><style>" + _CARD_STYLE + "</style></head><body>"
            + head + "<div class='cols'><div class='wide'>" + "\n".join(wide) + "</div><div class='narrow'>"
            + "\n".join(narrow) + "</div></div></body></html>")


def mcdowell_checkout(checkout: Path) -> Path:
    """The class with a font the build machine has: it asks for Times New Roman, which the machine
    lacks; Liberation Serif has its metrics. (The class is LuaLaTeX's: its name is letter-spaced.)"""
    patched = checkout.parent / f"{checkout.name}-liberation"
    patched.mkdir(exist_ok=True)
    cls = (checkout / "mcdowellcv.cls").read_text(encoding="utf-8")
    (patched / "mcdowellcv.cls").write_text(cls.replace("{Times New Roman}", "{Liberation Serif}"), encoding="utf-8")
    return patched


_ROW_STYLE = """
@page { size: Letter; margin: 16mm; }
body { font-family: 'DejaVu Serif', serif; font-size: 10pt; margin: 0; }
h1 { text-align: center; font-size: 20pt; margin: 0; font-variant: small-caps; }
.contact { text-align: center; font-size: 9pt; margin-bottom: 3mm; }
h2 { font-size: 11pt; text-transform: uppercase; border-bottom: 1px solid #000; margin: 4mm 0 1.5mm 0; }
.line { display: flex; justify-content: space-between; }
.line .l { flex: 1; font-style: italic; } .line .c { flex: 1.4; text-align: center; font-weight: bold; }
.line .r { flex: 1; text-align: right; }
.sub { font-size: 9pt; margin: 0 0 2mm 4mm; }
"""


def three_cells(person: Person) -> str:
    """One line per entry in three cells (the role left, the organisation centred in bold, the dates
    right), then a line of detail: a shape resume classes and word processors share."""
    def line(left: str, centre: str, right: str) -> str:
        return (f"<div class='line'><span class='l'>{e(left)}</span><span class='c'>{e(centre)}</span>"
                f"<span class='r'>{e(right)}</span></div>")

    out = [f"<h1>{e(person.name)}</h1>",
           f"<div class='contact'>{e(person.address)} · {e(person.phone)} · {e(person.email)}</div>",
           "<h2>Appointments</h2>"]
    for p in person.positions:
        out += [line(p.role, p.org, _period(p, "long", " – ")),
                f"<div class='sub'>{e(', '.join(x for x in (p.unit, _place(p)) if x))}</div>"]
    out.append("<h2>Education</h2>")
    for d in person.degrees:
        out += [line(f"{d.degree}, {d.subject}", d.org, f"{d.start} – {d.end}"), f"<div class='sub'>{e(d.city)}</div>"]
    out.append("<h2>Research Support</h2>")
    for g in person.grants:
        out += [line(g.role, g.funder, f"{g.start} – {g.end}"),
                f"<div class='sub'>{e(g.title)}; {e(g.number)}; {e(g.amount)}</div>"]
    if person.patents:
        out.append("<h2>Patents</h2>")
        out += [line(pt.number, pt.title, str(pt.year)) for pt in person.patents]
    out.append("<h2>Invited Lectures</h2>")
    for t in person.talks:
        out += [line(t.title, t.host, f"{LONG[t.month - 1]} {t.year}"),
                f"<div class='sub'>{e(t.city)}, {e(t.country_name)}</div>"]
    out.append("<h2>Honors</h2>")
    out += [line(n, "", str(y)) for n, y in [*person.awards, *person.programs]]
    return ("<!doctype html><html><head><meta charset='utf-8'><style>" + _ROW_STYLE + "</style></head><body>"
            + "\n".join(out) + "</body></html>")


# ---------------------------------------------------------------- TeX Live's own CV packages (LPPL)


def currvita(person: Person) -> str:
    """currvita (TeX Live, LPPL): lists whose items carry their dates as margin labels."""
    def item(label: str, text: str) -> str:
        return rf"\item[{label}] {text}"

    body = [rf"\begin{{cv}}{{{tex(person.name)}}}", rf"{tex(person.address)}\\ {person.email}\\ {tex(person.phone)}",
            r"\begin{cvlist}{Academic Appointments}"]
    body += [item(_period(p, "short", "--"), f"{tex(p.role)}, {tex(p.unit) + ', ' if p.unit else ''}{tex(p.org)}, "
                  f"{tex(_place(p))}") for p in person.positions]
    body += [r"\end{cvlist}", r"\begin{cvlist}{Education}"]
    body += [item(f"{d.start}--{d.end}", f"{tex(d.degree)} in {tex(d.subject)}, {tex(d.org)}, {tex(d.city)}")
             for d in person.degrees]
    body += [r"\end{cvlist}", r"\begin{cvlist}{Grants}"]
    body += [item(f"{g.start}--{g.end}", f"{tex(g.funder)}, \\emph{{{tex(g.title)}}}, {tex(g.number)}, "
                  f"{tex(g.amount)} ({tex(g.role)})") for g in person.grants]
    body.append(r"\end{cvlist}")
    if person.patents:
        body.append(r"\begin{cvlist}{Patents}")
        body += [item(str(pt.year), f"{tex(pt.number)}: {tex(pt.title)}") for pt in person.patents]
        body.append(r"\end{cvlist}")
    body.append(r"\begin{cvlist}{Invited Seminars}")
    body += [item(f"{MONTHS[t.month - 1]} {t.year}", f"{tex(t.host)}, {tex(t.city)}, {tex(t.country_name)}: "
                  f"``{tex(t.title)}''") for t in person.talks]
    body += [r"\end{cvlist}", r"\begin{cvlist}{Honours}"]
    body += [item(str(y), tex(n)) for n, y in [*person.awards, *person.programs]]
    body += [r"\end{cvlist}", r"\end{cv}"]
    return "\n".join([r"\documentclass[11pt,a4paper]{article}", r"\usepackage[utf8]{inputenc}",
                      r"\usepackage[T1]{fontenc}", r"\usepackage[LabelsAligned]{currvita}",
                      r"\usepackage[margin=2.5cm]{geometry}", r"\begin{document}", *body, r"\end{document}"]) + "\n"


def paracol_events(person: Person) -> str:
    """Two columns (paracol) of events: a title, the organisation in the accent colour, then a small
    line with a clock icon and the dates left and a globe icon and the place flushed right (marvosym),
    as many two-column LaTeX designs set them; section headings in capitals over a rule."""
    def event(title: str, org: str, when: str, where: str) -> str:
        return (rf"{{\large {tex(title)}\par}}\smallskip{{\color{{accent}}\bfseries {tex(org)}\par}}\smallskip"
                rf"{{\small\Clocklogo~{tex(when)}\hfill\Mundus~{tex(where)}\par}}\medskip")

    left = [r"\cvsection{Experience}"]
    left += [event(p.role, f"{p.org} -- {p.unit}" if p.unit else p.org, _period(p, "short", " -- "), _place(p))
             for p in person.positions]
    left.append(r"\cvsection{Projects and Grants}")
    left += [event(g.title, g.funder, f"{g.start} -- {g.end}", f"{g.role}, {g.number}") for g in person.grants]
    if person.patents:
        left.append(r"\cvsection{Patents}")
        left += [rf"{tex(pt.title)}\\{{\small {tex(pt.number)}, {pt.year}}}\par\medskip" for pt in person.patents]
    right = [r"\cvsection{Selected Talks}"]
    right += [event(t.title, t.host, f"{MONTHS[t.month - 1]} {t.year}", f"{t.city}, {t.country_name}")
              for t in person.talks]
    right.append(r"\cvsection{Education}")
    right += [event(f"{d.degree} in {d.subject}", d.org, f"{d.start} -- {d.end}", d.city) for d in person.degrees]
    right.append(r"\cvsection{Awards}")
    right += [rf"{tex(n)} ({y})\par" for n, y in [*person.awards, *person.programs]]
    return "\n".join([
        r"\documentclass[10pt,a4paper]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
        r"\usepackage[margin=1.4cm]{geometry}", r"\usepackage{paracol}", r"\usepackage{xcolor}",
        r"\usepackage{marvosym}", r"\definecolor{accent}{HTML}{1F5A96}", r"\setlength{\parindent}{0pt}",
        r"\pagestyle{empty}",
        r"\newcommand{\cvsection}[1]{\vspace{6pt}{\color{accent}\Large\bfseries\MakeUppercase{#1}}\\[-1ex]"
        r"{\color{accent}\rule{\linewidth}{1.5pt}}\par\medskip}",
        r"\begin{document}", rf"{{\Huge\bfseries {tex(person.name)}}}\par\smallskip",
        rf"{{\large {tex(person.title)}}}\par\smallskip",
        rf"{{\small \Letter~{person.email}\quad\Telefon~{tex(person.phone)}\quad {tex(person.address)}}}\par\bigskip",
        r"\columnratio{0.6}", r"\begin{paracol}{2}", *left, r"\switchcolumn", *right, r"\end{paracol}",
        r"\end{document}"]) + "\n"


# ---------------------------------------------------------------- Word, written with direct formatting


def word_tabs(person: Person, path: Path) -> None:
    """A Word CV as people type one: no heading styles (headings are bold capitals in Normal), the
    dates after a right-aligned tab stop on the organisation's line, the post in italics below, talks
    one paragraph each with the place and the date after a tab."""
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Serif", Pt(11)
    right = Cm(16.5)

    def para(text: str = "", bold: bool = False, italic: bool = False, size: float | None = None):
        p = document.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        p.paragraph_format.space_after = Pt(2)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return p

    def heading(text: str) -> None:
        p = para(text.upper(), bold=True)
        p.paragraph_format.space_before = Pt(10)

    para(person.name, bold=True, size=16)
    para(f"{person.address} | {person.phone} | {person.email}")
    heading("Professional experience")
    for p in person.positions:
        para(f"{p.org}, {_place(p)}\t{_period(p, 'long', ' – ')}", bold=True)
        para(f"{p.role}" + (f", {p.unit}" if p.unit else ""), italic=True)
    heading("Education")
    for d in person.degrees:
        para(f"{d.org}, {d.city}\t{d.start} – {d.end}", bold=True)
        para(f"{d.degree} in {d.subject}", italic=True)
    heading("Grants")
    for g in person.grants:
        para(f"{g.funder} ({g.number})\t{g.start} – {g.end}", bold=True)
        para(f"{g.title}; {g.role}, {g.amount}", italic=True)
    if person.patents:
        heading("Patents")
        for pt in person.patents:
            para(f"{pt.title}, {pt.number}\t{pt.year}")
    heading("Invited talks")
    for t in person.talks:
        para(f"“{t.title}”, {t.host}, {t.city}, {t.country_name}\t{LONG[t.month - 1]} {t.year}")
    heading("Honours")
    for n, y in [*person.awards, *person.programs]:
        para(f"{n}\t{y}")
    document.save(str(path))
