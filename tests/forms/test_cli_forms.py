"""`rsi forms generate OUTDIR` writes the blank forms that rsi reads back."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from intake.forms import FORMS
from workflow.cli import app

runner = CliRunner()


def test_generate_writes_both_fillable_forms(tmp_path: Path) -> None:
    out = tmp_path / "new" / "forms"
    result = runner.invoke(app, ["forms", "generate", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(out.iterdir())
    assert [p.name for p in written] == ["international-collaboration-screening-form.pdf",
                                         "international-visitor-screening-form.pdf"]
    assert all(str(p) in result.stdout for p in written)
    for path, key in zip(written, ("collaboration", "visitor"), strict=True):
        assert sorted(PdfReader(path).get_fields() or {}) == sorted(FORMS[key].widget_names)


def test_generate_one_form(tmp_path: Path) -> None:
    result = runner.invoke(app, ["forms", "generate", str(tmp_path), "--form", "visitor"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["international-visitor-screening-form.pdf"]


def test_generate_refuses_a_file_as_the_folder_and_an_unknown_form(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x")
    refused = runner.invoke(app, ["forms", "generate", str(target)])
    assert refused.exit_code == 2 and "is not a folder" in refused.output
    unknown = runner.invoke(app, ["forms", "generate", str(tmp_path), "--form", "passport"])
    assert unknown.exit_code == 2 and not list(tmp_path.glob("*.pdf"))


def test_help_says_what_the_forms_are_for() -> None:
    result = runner.invoke(app, ["forms", "generate", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "International Collaboration and Visitor Screening Forms" in text
    assert "by hand" in text and "collaboration|visitor" in text
