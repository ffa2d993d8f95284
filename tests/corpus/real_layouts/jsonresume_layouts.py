"""A seventh round of real layouts (2026-12-08): CVs written in JSON Resume and laid out by public themes
from the npm registry, two for development (even, paper) and three held out (stackoverflow, actual,
macchiato) with the people p22-p24 (people_more.py) written for them.

JSON Resume (jsonresume.org) is an open JSON schema for a CV: `basics` (name, label, contact, location,
summary), `work` (organisation, position, location, dates, summary, highlights), `education`, `awards`
(title, date, awarder, summary), `publications`, `projects`, `volunteer`... Its themes are npm packages
exporting `render(resume)`, which returns one HTML page; people print that page to PDF from a browser.
The schema has no section for grants, patents or invited talks, so a researcher puts them where the
theme prints them: grants among the awards (title, funder as awarder, number, role and amount in the
summary), patents among the publications, talks among the projects (or, where a theme prints no such
section, among the publications or the volunteer work). The themes used here, all MIT-licensed:
jsonresume-theme-even 0.26.1 (Rafael Bardini), -paper 0.5.0 (Tim Daubenschütz), -stackoverflow 3.3.0
(Francesco Esposito), -actual 0.2.2 (David Carvajal), -macchiato 1.1.0 (Alessandro Biondi). Older themes
(paper, macchiato) read the schema's first field names (`company`, `website`), so their users write
those. The themes' web fonts and icon sheets come from CDNs, not reached offline: the pages print in
the fallback fonts, as they do for anyone offline.

npm and Node are build-time tools only, like TeX Live: each theme is installed at its pinned version
into $RSI_TEMPLATES_DIR/jsonresume/THEME (default /tmp/xtpl/jsonresume), outside the repository; a small
Node script written to a temporary folder renders the resume and Chromium prints the page (build.py's
_chromium). Neither the themes nor node_modules are committed, only the rendered PDFs.

An eighth round added three more development themes, each with people of people.py, laid
out unlike each other and unlike the first five: jsonresume-theme-caffeine 1.2.3 (Kelvin Nguyen, MIT: a
left sidebar of contact details beside the entries, headings and organisations in capitals, dates
right), -eloquent 5.0.0 (Thibaud Colas, MIT: a centred header with icons, one column on paper, each
entry's dates and their length under its title) and -autumn 1.0.1 (Lorenzo Dal'Aqua, MIT: the name
beside the contact details, a narrow left column of research interests, dates right of the titles).
Caffeine and eloquent read the first schema's `company`; none prints a job's place. Themes that print a
year-only date print it with a month or a day ('01/2023', 'Jan 01, 2023', 'Jan 2023'), as they do for
anyone who writes only a year.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from tests.corpus.real_layouts.people import Person, Position
from tests.corpus.real_layouts.typeset import LONG

# theme -> pinned version on the npm registry
THEMES = {"even": "0.26.1", "paper": "0.5.0", "stackoverflow": "3.3.0", "actual": "0.2.2", "macchiato": "1.1.0",
          "caffeine": "1.2.3", "eloquent": "5.0.0", "autumn": "1.0.1"}

# caffeine frames a picture beside the name (its alt text shows when there is none): a plain grey
# silhouette, as people without a portrait put there; no text in it
AVATAR = ("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>"
          "<rect width='64' height='64' fill='%23dde1e4'/><circle cx='32' cy='25' r='12' fill='%239aa3ab'/>"
          "<path d='M10 64c2-15 11-22 22-22s20 7 22 22z' fill='%239aa3ab'/></svg>")

COUNTRY_NAMES = {"US": "USA", "IT": "Italy", "SE": "Sweden", "CN": "China", "DK": "Denmark", "AU": "Australia",
                 "GB": "United Kingdom", "TW": "Taiwan", "RU": "Russia", "DE": "Germany", "FR": "France",
                 "IN": "India", "BR": "Brazil", "IR": "Iran", "KR": "South Korea", "PE": "Peru", "CH": "Switzerland",
                 "CA": "Canada", "SG": "Singapore", "NG": "Nigeria", "JP": "Japan", "HK": "Hong Kong",
                 "PL": "Poland", "IL": "Israel", "NL": "Netherlands", "VN": "Vietnam", "GH": "Ghana",
                 "ZA": "South Africa", "SA": "Saudi Arabia", "ES": "Spain", "GR": "Greece"}

_RENDER_JS = r"""
// Reads a JSON Resume on stdin, prints the theme's HTML: node render.mjs INSTALL_DIR THEME_PACKAGE
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';

const [, , dir, pkg] = process.argv;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const resume = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const root = path.join(dir, 'node_modules', pkg);
const meta = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const esm = meta.exports?.['.']?.import;
let theme;
if (esm) {  // an ES module (even): import its entry
  const entry = typeof esm === 'string' ? esm : esm.default;
  theme = await import(pathToFileURL(path.join(root, entry)).href);
} else {
  theme = createRequire(path.join(dir, 'package.json'))(pkg);
}
if (typeof theme.render !== 'function') theme = theme.default;
process.stdout.write(await theme.render(resume));
"""


def _month(date: tuple[int, int]) -> str:
    return f"{date[1]}-{date[0]:02d}"


def _place(pos: Position) -> str:
    if "," in pos.city:
        return pos.city
    country = COUNTRY_NAMES[pos.country]
    return pos.city if pos.city == country else f"{pos.city}, {country}"


def _grant_summary(g) -> str:
    return f"Grant {g.number}; {g.role}; {g.amount}; {g.start}–{g.end}"


def resume(person: Person, theme: str) -> dict:
    """The JSON Resume a researcher would fill for `theme`: appointments, education, grants and honours
    among the awards, patents among the publications, invited talks where the theme prints them."""
    current = person.positions[0]
    basics = {"name": person.name, "label": person.title, "email": person.email, "phone": person.phone,
              "location": {"address": person.address.split(", ")[0], "city": current.city.split(",")[0],
                           "countryCode": current.country},
              "summary": f"Research interests: {person.interests}." if person.interests else "", "profiles": []}
    work = []
    for p in person.positions:
        job = {"name": p.org, "position": p.role, "location": _place(p), "startDate": _month(p.start)}
        if p.end is not None:
            job["endDate"] = _month(p.end)
        if p.unit:
            job["summary"] = p.unit
        work.append(job)
    education = [{"institution": d.org, "area": d.subject, "studyType": d.degree, "startDate": str(d.start),
                  "endDate": str(d.end)} for d in person.degrees]
    grants = [{"title": g.title, "date": str(g.start), "awarder": g.funder, "summary": _grant_summary(g)}
              for g in person.grants]
    honours = [{"title": n, "date": str(y)} for n, y in sorted([*person.awards, *person.programs],
                                                               key=lambda ny: -ny[1])]
    patents = [{"name": pt.title, "publisher": pt.number, "releaseDate": str(pt.year)} for pt in person.patents]
    talks = [{"name": t.title, "entity": t.host, "roles": ["Invited talk"],
              "description": f"{t.city}, {t.country_name}", "startDate": f"{t.year}-{t.month:02d}",
              "endDate": f"{t.year}-{t.month:02d}"} for t in person.talks]
    out = {"basics": basics, "work": work, "education": education, "awards": [*grants, *honours],
           "publications": patents, "projects": talks}
    if theme == "even":
        return out  # prints every section: projects with roles, entity and a single date when start = end
    if theme == "paper":
        # the first schema's field names; no publications nor projects: patents among the awards, talks as
        # the volunteer work (organisation, summary, dates: no position is printed)
        for job in work:
            job["company"] = job.pop("name")
        out["awards"] = [*grants, *({"title": pt.title, "date": str(pt.year), "summary": f"Patent {pt.number}"}
                                    for pt in person.patents), *honours]
        del out["publications"], out["projects"]
        out["volunteer"] = [{"organization": t.host, "summary": f"Invited talk “{t.title}”, {t.city}, {t.country_name}",
                             "startDate": f"{t.year}-{t.month:02d}", "endDate": f"{t.year}-{t.month:02d}"}
                            for t in person.talks]
        basics["location"] = {"address": person.address}  # the theme prints a city only beside a postal code
        return out
    if theme == "stackoverflow":
        # publications print 'in PUBLISHER': the patent number goes in the summary; talks as publications
        # 'in HOST, CITY, COUNTRY' with their month, since a project without an end date runs to 'Current'
        out["publications"] = [
            *({"name": pt.title, "releaseDate": str(pt.year), "summary": f"Patent {pt.number}"}
              for pt in person.patents),
            *({"name": f"Invited talk: {t.title}", "publisher": f"{t.host}, {t.city}, {t.country_name}",
               "releaseDate": f"{t.year}-{t.month:02d}"} for t in person.talks)]
        del out["projects"]
        return out
    if theme == "actual":
        # awards print no date: the year goes in the summary; a project with only an end date prints that
        # one date
        for award in out["awards"]:
            year = award.pop("date")
            award["summary"] = award.get("summary", year)
        out["projects"] = [{"name": t.title, "roles": ["Invited talk"], "endDate": f"{t.year}-{t.month:02d}",
                            "description": f"{t.host}, {t.city}, {t.country_name}"} for t in person.talks]
        return out
    if theme == "macchiato":
        # the first schema's field names; 'projects' are headed 'Open Source Projects': talks among the
        # publications; neither publications nor awards print their date, so it goes in the summary
        for job in work:
            job["company"] = job.pop("name")
            place = job.pop("location")  # not printed: the place goes with the unit
            job["summary"] = f"{job['summary']}, {place}" if "summary" in job else place
        for award in out["awards"]:
            year = award.pop("date")
            award["summary"] = award.get("summary", year)
        del out["projects"]
        out["publications"] = [
            *({"name": pt.title, "publisher": pt.number, "summary": str(pt.year)} for pt in person.patents),
            *({"name": t.title, "publisher": f"Invited talk, {t.host}, {t.city}, {t.country_name}",
               "summary": f"{LONG[t.month - 1]} {t.year}"} for t in person.talks)]
        return out
    if theme == "caffeine":
        # the first schema's field names; a job's place is not printed: it goes with the unit; awards
        # print no date (the year goes in the summary); no projects: talks as volunteer work
        # (organisation, position, summary, dates)
        for job in work:
            job["company"] = job.pop("name")
            place = job.pop("location")
            job["summary"] = f"{job['summary']}, {place}" if "summary" in job else place
        for award in out["awards"]:
            year = award.pop("date")
            award["summary"] = award.get("summary", year)
        del out["projects"]
        out["volunteer"] = [{"organization": t.host, "position": "Invited talk",
                             "summary": f"“{t.title}”, {t.city}, {t.country_name}",
                             "startDate": f"{t.year}-{t.month:02d}", "endDate": f"{t.year}-{t.month:02d}"}
                            for t in person.talks]
        basics["picture"] = AVATAR
        return out
    if theme == "eloquent":
        # the first schema's `company`; no place is printed (the CV names none); its volunteer work is
        # headed 'Projects': the talks, undated there (an event of one month would last 'a few seconds'),
        # their month in the summary
        for job in work:
            job["company"] = job.pop("name")
            del job["location"]
        del out["projects"]
        out["volunteer"] = [{"organization": t.host, "position": "Invited talk",
                             "summary": f"“{t.title}”, {t.city}, {t.country_name}, {LONG[t.month - 1]} {t.year}"}
                            for t in person.talks]
        return out
    if theme == "autumn":
        # no job's place is printed: it goes with the unit; no projects: talks among the publications
        # (host as publisher, the place in the summary, the month as the date); the research interests in
        # the left column, not in a summary
        for job in work:
            place = job.pop("location")
            job["summary"] = f"{job['summary']}, {place}" if "summary" in job else place
        del out["projects"]
        out["publications"] = [*patents, *({"name": t.title, "publisher": f"Invited talk, {t.host}",
                                            "summary": f"{t.city}, {t.country_name}",
                                            "releaseDate": f"{t.year}-{t.month:02d}"} for t in person.talks)]
        if person.interests:
            del basics["summary"]
            out["interests"] = [{"name": "Research", "keywords": person.interests.split(", ")}]
        return out
    raise ValueError(f"unknown theme {theme!r}")


def _install(theme: str) -> Path:
    """The theme at its pinned version in $RSI_TEMPLATES_DIR/jsonresume/THEME, installed there by npm once."""
    root = Path(os.environ.get("RSI_TEMPLATES_DIR", "/tmp/xtpl")) / "jsonresume" / theme
    package = root / "node_modules" / f"jsonresume-theme-{theme}" / "package.json"
    if not package.exists() or json.loads(package.read_text())["version"] != THEMES[theme]:
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(root),
                        f"jsonresume-theme-{theme}@{THEMES[theme]}"], check=True, capture_output=True, timeout=600)
    return root


def html(person: Person, theme: str) -> str:
    """The theme's HTML page for `person`'s JSON Resume."""
    root = _install(theme)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "render.mjs"
        script.write_text(_RENDER_JS, encoding="utf-8")
        run = subprocess.run(["node", str(script), str(root), f"jsonresume-theme-{theme}"],
                             input=json.dumps(resume(person, theme), ensure_ascii=False).encode(),
                             capture_output=True, timeout=120)
    if run.returncode != 0 or not run.stdout:
        raise RuntimeError(f"jsonresume-theme-{theme} failed: {run.stderr.decode(errors='replace')[-1000:]}")
    return run.stdout.decode("utf-8")
