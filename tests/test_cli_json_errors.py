"""With --json, an error is one JSON object (code, message, exit code) on stdout; without, a line on stderr."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from workflow.cli import app

runner = CliRunner()


def test_json_errors_are_json_with_the_documented_exit_code(cli: None) -> None:
    for args, code, exit_code in ((["show", "RSI-20990101-00000000"], "not_found", 3),
                                  (["case", "request", "RSI-20990101-00000000"], "not_found", 3),
                                  (["case", "set", "RSI-20990101-00000000", "requester_email=a@x.edu, b@y.edu"],
                                   "invalid", 1),
                                  (["letter", "RSI-20990101-00000000"], "not_found", 3)):
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == exit_code, (args, result.output)
        error = json.loads(result.stdout)["error"]
        assert (error["code"], error["exit_code"]) == (code, exit_code) and error["message"], args
        plain = runner.invoke(app, args)
        assert plain.exit_code == exit_code and f"error[{code}]" in plain.output


def test_case_set_needs_field_equals_value(cli: None) -> None:
    result = runner.invoke(app, ["case", "set", "RSI-20990101-00000000", "requester_email", "--json"])
    assert result.exit_code == 1 and "FIELD=VALUE" in json.loads(result.stdout)["error"]["message"]
