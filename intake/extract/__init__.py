"""Document(s) -> Profile: one person's evidenced facts from a case's CVs, forms and publication lists.

    extract_profile(documents, gazetteer) -> Profile

CVs go through the spaCy pipeline (NER + an EntityRuler built from `gazetteer`, the (label, phrase)
pairs of listed organisations, funders and talent programs) and the CV structure readers in cv.py;
screening forms are read field by field (forms.py); BibTeX/RIS/CSV exports add publications with
co-author organisations (publications.py). Pure: no I/O beyond loading the model once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from intake.records import Document, DocumentKind, Inconsistency, Person, Profile


def extract_profile(
    documents: list[Document],
    gazetteer: Iterable[tuple[str, str]] = (),
    on_document: Callable[[int, Profile], None] | None = None,
    host_countries: Mapping[str, str] | None = None,
) -> Profile:
    """Build one Profile from a case's documents; every fact quotes its source.

    on_document(i, profile so far) is called before document i is read, so a supervisor that stops an
    overrunning extraction (intake/extract_worker.py) knows which document was at fault. host_countries
    (folded listed name -> country, ReferenceData.org_countries) tells a talk's country by its host."""
    from intake.extract.cv import read_cv
    from intake.extract.nlp import pipeline

    pairs = list(gazetteer)
    cjk = [(label, phrase) for label, phrase in pairs if phrase and not phrase.isascii()]
    profile = Profile()
    form_people: list[Person] = []
    nlp = None
    for index, doc in enumerate(documents):
        if on_document is not None:
            on_document(index, profile)
        if doc.kind == DocumentKind.SCREENING_FORM:
            form_people.append(_read_form(doc, profile))
        elif doc.kind == DocumentKind.PUBLICATION_LIST:
            _read_publications(doc, profile)
        elif any(page.text.strip() for page in doc.pages):
            nlp = nlp or pipeline(pairs)
            read_cv(doc, nlp, cjk, profile, host_countries or {})
        for warning in doc.warnings:
            profile.warnings.append(f"{doc.file_name}: {warning}")
    for person in form_people:
        profile.inconsistencies.extend(_disagreements(profile.person, person))
        _merge_person(profile.person, person)
    if not profile.person.name and any(d.kind != DocumentKind.PUBLICATION_LIST for d in documents):
        profile.warnings.append("no person's name could be read from the CV or the form: check the case's "
                                "subject by hand")
    return profile


def _disagreements(cv: Person, form: Person) -> list[Inconsistency]:
    """What a form says about the person that the CV contradicts (both must state it)."""
    out = []
    evidence = [*cv.evidence[:2], *form.evidence[:2]]
    if cv.name and form.name and _name_key(cv.name) != _name_key(form.name) and not (
            {_name_key(n) for n in cv.other_names} & {_name_key(form.name)}):
        out.append(Inconsistency(field="name", values=[cv.name, form.name], evidence=evidence))
    if cv.citizenships and form.citizenships and set(cv.citizenships) != set(form.citizenships):
        out.append(Inconsistency(field="citizenship", values=[", ".join(cv.citizenships), ", ".join(form.citizenships)],
                                 evidence=evidence))
    if cv.birth_country and form.birth_country and cv.birth_country != form.birth_country:
        out.append(Inconsistency(field="country of birth", values=[cv.birth_country, form.birth_country],
                                 evidence=evidence))
    return out


def _name_key(name: str) -> tuple[str, ...]:
    """A name's words in order-free, case- and punctuation-free form ('Halvorsen-Mbeki, Ingrid')."""
    import re

    return tuple(sorted(re.findall(r"\w+", name.casefold())))


def _read_form(doc: Document, profile: Profile) -> Person:
    """A screening form's answers become disclosures; its identity fields describe the person."""
    from intake.extract.forms import read_form

    reading = read_form(doc)
    profile.disclosures.extend(reading.disclosures)
    if profile.request is None and reading.request is not None:
        profile.request = reading.request
    if reading.affiliation is not None:
        profile.affiliations.append(reading.affiliation)
    profile.warnings.extend(f"{doc.file_name}: {w}" for w in reading.warnings)
    return reading.person


def _read_publications(doc: Document, profile: Profile) -> None:
    from intake.extract.publications import read_publication_list

    publications, warnings = read_publication_list(doc)
    profile.publications.extend(publications)
    profile.warnings.extend(f"{doc.file_name}: {w}" for w in warnings)


def _merge_person(into: Person, other: Person) -> None:
    """Fill what the CV left empty from the form; countries and other names are unions."""
    if not into.name and other.name:
        into.name = other.name
    elif other.name and other.name.casefold() != into.name.casefold() and other.name not in into.other_names:
        into.other_names.append(other.name)
    into.email = into.email or other.email
    into.residence_country = into.residence_country or other.residence_country
    into.birth_country = into.birth_country or other.birth_country
    for name in other.other_names:
        if name not in into.other_names:
            into.other_names.append(name)
    for code in other.citizenships:
        if code not in into.citizenships:
            into.citizenships.append(code)
    into.evidence.extend(other.evidence)
