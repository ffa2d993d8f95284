"""A fifth round of real layouts (2026-12-07), held out: CVs typeset by another engine, Typst, through
the public CV generator RenderCV (rendercv/rendercv, MIT), with the people p16-p18 written for it.

A RenderCV user writes one YAML file (the CV's content in typed sections: experience entries with a
company, a position, a location and dates; education entries; 'normal' entries with a name, a date
and a summary; one-line entries with a label) and picks a theme; RenderCV lays it out in Typst and
prints the PDF. The themes used here are its own ('classic', 'engineeringresumes', 'moderncv'), with
their defaults kept as a user keeps them: US Letter, the page numbering and the 'Last updated in'
line, the phone number in its national format.

RenderCV is a build-time tool only, like TeX Live: `$RENDERCV` (default `rendercv` on the PATH),
version 2.3, installed apart (`pip install "rendercv[full]==2.3"`). Its themes import the Typst
package @preview/fontawesome:0.5.0, which Typst downloads once into ~/.cache/typst/packages; offline,
put duskmoon314/typst-fontawesome at its tag v0.5.0 there (preview/fontawesome/0.5.0).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.corpus.real_layouts.more_layouts import NAMES
from tests.corpus.real_layouts.people import Person, Position

# the last-updated date RenderCV prints (its default is the day of the build): fixed, so that a
# rebuild prints the same CV
LAST_UPDATED = "2026-12-07"


def _month(date: tuple[int, int] | None) -> str:
    return "present" if date is None else f"{date[1]}-{date[0]:02d}"


def _location(pos: Position) -> str:
    if "," in pos.city:
        return pos.city
    country = NAMES[pos.country]
    return pos.city if pos.city == country else f"{pos.city}, {country}"


def rendercv_yaml(person: Person, theme: str) -> str:
    """The YAML a researcher would write for RenderCV: appointments with their units, education,
    grants, patents, invited talks, honours (awards and the programs the person joined, by year) and
    research interests. JSON is YAML: json.dumps quotes every value safely."""
    appointments = []
    for p in person.positions:
        entry = {"company": p.org, "position": p.role, "location": _location(p), "start_date": _month(p.start),
                 "end_date": _month(p.end)}
        if p.unit:
            entry["summary"] = p.unit
        appointments.append(entry)
    education = [{"institution": d.org, "area": d.subject, "degree": d.degree, "location": d.city,
                  "start_date": str(d.start), "end_date": str(d.end)} for d in person.degrees]
    grants = [{"name": g.title, "start_date": str(g.start), "end_date": str(g.end),
               "summary": f"{g.funder}, grant {g.number}", "highlights": [f"{g.role}, {g.amount}"]}
              for g in person.grants]
    patents = [{"label": pt.number, "details": f"{pt.title} ({pt.year})"} for pt in person.patents]
    talks = [{"name": t.title, "location": f"{t.city}, {t.country_name}", "date": f"{t.year}-{t.month:02d}",
              "summary": t.host} for t in person.talks]
    honours = [{"name": n, "date": str(y)} for n, y in sorted([*person.awards, *person.programs],
                                                              key=lambda ny: -ny[1])]
    sections: dict[str, list] = {"Academic Appointments": appointments, "Education": education,
                                 "Research Grants": grants}
    if patents:
        sections["Patents"] = patents
    sections["Invited Talks"] = talks
    sections["Honours and Awards"] = honours
    if person.interests:
        sections["Research Interests"] = [person.interests[0].upper() + person.interests[1:] + "."]
    cv = {"name": person.name, "location": person.address, "email": person.email, "phone": person.phone,
          "sections": sections}
    document = {"cv": cv, "design": {"theme": theme}, "rendercv_settings": {"date": LAST_UPDATED}}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def rendercv(person: Person, theme: str, out: Path) -> None:
    """Render `person` with RenderCV's `theme` into `out` (a PDF)."""
    exe = os.environ.get("RENDERCV", "rendercv")
    if shutil.which(exe) is None:
        raise RuntimeError(f"RenderCV not found ({exe!r}): install rendercv 2.3 apart and set $RENDERCV to it")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cv.yaml"
        source.write_text(rendercv_yaml(person, theme), encoding="utf-8")
        pdf = Path(tmp) / "cv.pdf"
        run = subprocess.run([exe, "render", str(source), "--pdf-path", str(pdf), "--dont-generate-markdown",
                              "--dont-generate-html", "--dont-generate-png"], cwd=tmp, capture_output=True,
                             text=True, timeout=300, env={**os.environ, "COLUMNS": "160", "NO_COLOR": "1"})
        if run.returncode != 0 or not pdf.exists() or "error" in run.stdout.lower():
            raise RuntimeError(f"rendercv failed for {out}: {(run.stdout + run.stderr)[-1500:]}")
        shutil.copy(pdf, out)
