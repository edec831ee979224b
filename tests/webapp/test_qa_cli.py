"""`bitext qa DOC`: text, JSON and CSV output, and an exit status that fails a pipeline on open errors."""

import csv
import io
import json


def imported(run, tmp_path, text: str, source: str | None = None) -> str:
    mt = tmp_path / "mt.txt"
    mt.write_text(text, "utf-8")
    args = ["import", str(mt), "--title", "CLI QA"]
    if source is not None:
        (tmp_path / "src.txt").write_text(source, "utf-8")
        args += ["--source", str(tmp_path / "src.txt")]
    return run(*args).output.strip()


def test_warnings_only_exit_zero_and_json_lists_each_finding(run, tmp_path):
    doc = imported(run, tmp_path, "We saw the the results. The ship left port.")
    result = run("qa", doc, "--format", "json")
    assert result.exit_code == 0
    (finding,) = json.loads(result.output)
    assert finding == {"check_id": "repeated_word", "severity": "warning", "position": 0, "row": 1,
                       "target": "We saw the the results.", "side": "target", "spans": [[7, 14]],
                       "flagged": "the the", "message": finding["message"], "ignored": False}


def test_open_errors_exit_one_in_every_format(run, tmp_path):
    doc = imported(run, tmp_path, "Beijing，the capital. It grew.", source="北京，首都。它发展了。")
    for fmt in ("text", "json", "csv"):
        result = run("qa", "CLI QA", "--format", fmt)
        assert result.exit_code == 1, fmt
    rows = list(csv.DictReader(io.StringIO(run("qa", doc, "--format", "csv").output)))
    assert ("1", "cjk_in_target", "error") in [(r["row"], r["check_id"], r["severity"]) for r in rows]
    text = run("qa", doc).output
    assert "cjk_in_target" in text and "open error(s)" in text


def test_a_clean_document_prints_a_summary(run, tmp_path):
    doc = imported(run, tmp_path, "The ship left port.")
    result = run("qa", doc)
    assert result.exit_code == 0 and "1 rows checked, 0 finding(s) shown, 0 open error(s)" in result.output


def test_unknown_document_and_format_fail_cleanly(run):
    missing = run("qa", "999")
    assert missing.exit_code != 0 and "no document" in missing.output
    assert run("qa", "1", "--format", "xml").exit_code == 2
