"""Hostile documents generated in a temporary folder: small or ordinary-looking files that cost a lot.

Used by the tests (small sizes, enough to overrun a tight limit) and by bench/bench_limits.py (the sizes
of the issue: a 70 KB DOCX with 300,000 paragraphs, a 24 MB BibTeX, a 48 MB CSV, a 93 MB text file).
All names are fictional. Files are written in chunks, so generating them needs little memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

_FIRST = ["Ilse", "Tomasz", "Yaro", "Mirela", "Ondrej", "Saskia", "Bram", "Liesel", "Quill", "Arvo"]
_LAST = ["Marrowby", "Quenfield", "Ostrava", "Tillerman", "Vanthorpe", "Kessling", "Brubach", "Pellow"]
_ORGS = ["University of Example", "Harbin Institute of Technology", "Tsinghua University", "ETH Zurich"]

_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _name(i: int) -> str:
    return f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST)) % len(_LAST)]}"


def many_paragraphs_docx(path: Path, paragraphs: int = 300_000) -> Path:
    """A Word file of `paragraphs` short paragraphs (dates and organisations, as a CV's entries):
    highly compressible, so 300,000 of them fit in about 70 KB."""
    lines = [f"20{i % 25:02d} {_ORGS[i % len(_ORGS)]}" for i in range(len(_ORGS) * 25)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        with archive.open("word/document.xml", "w") as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                      "<w:p><w:r><w:t>Ilse Marrowby</w:t></w:r></w:p>"
                      "<w:p><w:r><w:t>Academic Positions</w:t></w:r></w:p>".encode())
            for start in range(0, paragraphs, 1000):
                chunk = "".join(f"<w:p><w:r><w:t>{lines[i % len(lines)]}</w:t></w:r></w:p>"
                                for i in range(start, min(start + 1000, paragraphs)))
                out.write(chunk.encode())
            out.write(b"</w:body></w:document>")
    return path


def _write_until(path: Path, size_bytes: int, records: Callable[[int], str]) -> Path:
    """Write records(0), records(1), ... until the file reaches size_bytes."""
    written, i = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < size_bytes:
            block = "".join(records(j) for j in range(i, i + 500))
            out.write(block)
            written += len(block.encode())
            i += 500
    return path


def _bib(i: int) -> str:
    return (f"@article{{key{i},\n  author = {{{_name(i)} and {_name(i + 3)}}},\n"
            f"  title = {{On the stability of example systems, part {i}}},\n"
            f"  journal = {{Journal of Examples}},\n  year = {{{2000 + i % 25}}},\n"
            f"  affiliation = {{{_ORGS[i % len(_ORGS)]}}}\n}}\n\n")


def _csv(i: int) -> str:
    header = "Authors,Title,Year,Source title,Affiliations\n" if i == 0 else ""
    return (f'{header}"{_name(i)}; {_name(i + 5)}","Measured example number {i}",{2000 + i % 25},'
            f'Journal of Examples,"{_ORGS[i % len(_ORGS)]}, Country"\n')


def _txt(i: int) -> str:
    head = "Ilse Marrowby\nilse.marrowby@example.org\n\nAcademic Positions\n" if i == 0 else ""
    return f"{head}{2000 + i % 25}-{2001 + i % 25}  Research Fellow, {_ORGS[i % len(_ORGS)]}\n"


def huge_bibtex(path: Path, size_bytes: int = 24 << 20) -> Path:
    """A BibTeX export of about size_bytes (24 MB in the issue)."""
    return _write_until(path, size_bytes, _bib)


def huge_csv(path: Path, size_bytes: int = 48 << 20) -> Path:
    """A Scopus-style CSV export of about size_bytes (48 MB in the issue)."""
    return _write_until(path, size_bytes, _csv)


def huge_text(path: Path, size_bytes: int = 93 << 20) -> Path:
    """A plain-text CV of about size_bytes (93 MB in the issue): one appointment per line."""
    return _write_until(path, size_bytes, _txt)


# name, file name, builder at the issue's size
ISSUE_INPUTS: list[tuple[str, str, Callable[[Path], Path]]] = [
    ("DOCX, 300,000 paragraphs", "many-paragraphs.docx", many_paragraphs_docx),
    ("BibTeX, 24 MB", "huge.bib", huge_bibtex),
    ("CSV, 48 MB", "huge.csv", huge_csv),
    ("text, 93 MB", "huge.txt", huge_text),
]


def issue_inputs(folder: Path) -> Iterator[tuple[str, Path]]:
    """Write each of the issue's hostile inputs into folder, yielding (label, path) one at a time."""
    for label, file_name, build in ISSUE_INPUTS:
        yield label, build(folder / file_name)
