"""The only place the intake stages are chained: file -> Document -> Profile -> Screening.

Each stage is a pure function of its inputs plus reference data:
    read_document(path, limits)                       intake/documents.py
    extract_profile(documents, gazetteer)             intake/extract/
    screen_profile(profile, reference, config, today) intake/screen/
"""
