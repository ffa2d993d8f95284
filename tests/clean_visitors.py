"""Clean visitors: fictional people at real, non-listed universities, with ordinary CVs and forms.

Each person has consecutive posts whose year ranges touch ("2011-2013", "2013-2018"), a home
institution the form names, and a form that answers No to every risk question truthfully. Screening
their CV and form together must give no finding at all (issue 16's bar). `DEV` is what the rules
were checked against while building; `HELD_OUT` was only run once the rules were done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdf_factory import text_pdf

from intake.forms.generate import filled_form


@dataclass(frozen=True)
class Visitor:
    """A fictional visitor: identity, home post and earlier posts (start, end, role, org, place)."""

    name: str
    email: str
    citizenship: str
    home: str
    city: str
    country: str
    posts: tuple[tuple[int, int | None, str, str, str], ...]
    education: tuple[tuple[int, str, str], ...]
    dates_last: bool = False  # "Lecturer, X, 2011-2013" instead of "2011-2013 Lecturer, X"


DEV = [
    Visitor("Liesel Brandtmoor", "l.brandtmoor@example.de", "Germany", "Heidelberg University",
            "Heidelberg", "Germany",
            ((2018, None, "Professor of Ecology", "Heidelberg University", "Heidelberg, Germany"),
             (2013, 2018, "Junior Research Group Leader", "University of Freiburg", "Freiburg, Germany"),
             (2011, 2013, "Postdoctoral Researcher", "University of Zurich", "Zurich, Switzerland")),
            ((2011, "PhD in Biology", "University of Göttingen"),)),
    Visitor("Tomasz Wierzbicki-Hale", "t.wh@example.pl", "Poland", "University of Warsaw", "Warsaw", "Poland",
            ((2019, None, "Associate Professor", "University of Warsaw", "Warsaw, Poland"),
             (2015, 2019, "Assistant Professor", "Jagiellonian University", "Krakow, Poland"),
             (2012, 2015, "Postdoctoral Fellow", "University of Copenhagen", "Copenhagen, Denmark")),
            ((2012, "PhD in Mathematics", "University of Warsaw"),), dates_last=True),
    Visitor("Aiko Marrendale", "aiko.marrendale@example.jp", "Japan", "Kyoto University", "Kyoto", "Japan",
            ((2020, None, "Lecturer", "Kyoto University", "Kyoto, Japan"),
             (2017, 2020, "Research Fellow", "University of Cambridge", "Cambridge, United Kingdom"),
             (2014, 2017, "JSPS Research Fellow", "Osaka University", "Osaka, Japan")),
            ((2014, "PhD in Chemistry", "Osaka University"),)),
]

HELD_OUT = [
    Visitor("Rafael Oquendo-Vires", "r.oquendo@example.es", "Spain", "University of Barcelona",
            "Barcelona", "Spain",
            ((2016, None, "Senior Lecturer in Linguistics", "University of Barcelona", "Barcelona, Spain"),
             (2012, 2016, "Lecturer", "University of Edinburgh", "Edinburgh, United Kingdom"),
             (2010, 2012, "Teaching Fellow", "Leiden University", "Leiden, Netherlands")),
            ((2010, "PhD in Linguistics", "University of Salamanca"),), dates_last=True),
    Visitor("Ngaire Whitcombe", "n.whitcombe@example.nz", "New Zealand", "University of Auckland",
            "Auckland", "New Zealand",
            ((2021, None, "Associate Professor of Civil Engineering", "University of Auckland",
              "Auckland, New Zealand"),
             (2016, 2021, "Senior Lecturer", "University of Melbourne", "Melbourne, Australia"),
             (2013, 2016, "Research Associate", "University of Toronto", "Toronto, Canada")),
            ((2013, "PhD in Civil Engineering", "University of Canterbury"),)),
]


def cv_text(v: Visitor) -> str:
    """An ordinary CV: contact, positions (newest first), education, a few publications."""
    lines = [v.name, v.email, "", "Academic Positions"]
    for start, end, role, org, place in v.posts:
        years = f"{start}-{end}" if end else f"{start}-present"
        lines.append(f"{role}, {org}, {place}, {years}" if v.dates_last else f"{years}  {role}, {org}, {place}")
    lines += ["", "Education"]
    for year, degree, org in v.education:
        lines.append(f"{degree}, {org}, {year}" if v.dates_last else f"{year}  {degree}, {org}")
    surname, initial = v.name.split()[-1], v.name[0]
    lines += ["", "Selected Publications",
              (f"{surname}, {initial}. (2021). Seasonal patterns in field observations. "
               "Journal of Applied Studies, 12(3), 45-60."),
              (f"{surname}, {initial}. (2023). A note on careful measurement. "
               "Review of Methods, 8, 101-110.")]
    return "\n".join(lines) + "\n"


def form_answers(v: Visitor) -> dict[str, str]:
    """The visitor form filled truthfully: home post, a short visit, every risk question No."""
    answers = {
        "full_name": v.name, "email": v.email, "citizenship": v.citizenship,
        "residence_country": v.country, "birth_country": v.citizenship,
        "home_institution": v.home, "position": v.posts[0][2], "institution_city": v.city,
        "institution_country": v.country, "start_date": "2027-03-01", "end_date": "2027-03-14",
        "host_name": "Dr. Jane Hostfield", "host_department": "Biology", "purpose": "lecture",
        "description": "Two guest lectures and discussions on published work.",
        "labs": "None", "funded_by": f"{v.home} travel fund", "compensation": "None",
    }
    for question in ("foreign_owned_employer", "unsolicited", "worked_before", "computing_access",
                     "controlled_access", "foreign_funding", "foreign_appointment", "patents",
                     "talent_program", "shipments", "military_end_use", "emerging_tech", "dod_funded",
                     "restricted_party", "sanctioned_country", "military_institution",
                     "restricted_publications"):
        answers[question] = "No"
    return answers


def write_case(v: Visitor, folder: Path) -> Path:
    """The visitor's CV and filled form in `folder` (one case)."""
    folder.mkdir(parents=True, exist_ok=True)
    text_pdf(folder / "cv.pdf", [cv_text(v)])
    filled_form("visitor", form_answers(v), folder / "visitor-form.pdf")
    return folder
