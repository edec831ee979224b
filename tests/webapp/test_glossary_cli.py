"""`bitext glossary import / export` against a real database chosen through BITEXT_* variables."""

import pytest

from glossary import read_csv, starter_glossary

GOOD = "source,target,forbidden\n我国,China,my country\n人才,talent,\n"
BAD = GOOD + "空,,\n"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def exported_csv(run, tmp_path, *args):
    out = tmp_path / "out.csv"
    assert run("glossary", "export", "--format", "csv", "-o", str(out), *args).exit_code == 0
    return read_csv(out.read_bytes()).accepted


def test_import_prints_the_report_and_export_round_trips(run, tmp_path):
    result = run("glossary", "import", write(tmp_path, "g.csv", GOOD), "--project", "News")
    assert result.exit_code == 0 and "Imported: 2 new, 0 updated" in result.output
    again = run("glossary", "import", write(tmp_path, "g.csv", GOOD), "--project", "News",
                "--on-duplicate", "merge")
    assert "duplicate  line 2: 我国 (merged; in the glossary)" in again.output
    assert [(t.source, t.targets, t.forbidden) for t in exported_csv(run, tmp_path, "--project", "News")] == [
        ("人才", ("talent",), ()), ("我国", ("China",), ("my country",))]
    tbx = tmp_path / "g.tbx"
    assert run("glossary", "export", "--project", "News", "-o", str(tbx)).exit_code == 0
    assert tbx.read_bytes().startswith(b"<?xml") and b"<martif" in tbx.read_bytes()
    assert run("glossary", "import", str(tbx), "--format", "tbx").exit_code == 0
    assert len(exported_csv(run, tmp_path)) == 2
    assert b"<tbx " in run("glossary", "export", "--project", "News", "--format", "tbx3").stdout_bytes


def test_rejected_rows_exit_non_zero_and_store_nothing(run, tmp_path):
    result = run("glossary", "import", write(tmp_path, "bad.csv", BAD))
    assert result.exit_code != 0
    assert "rejected   line 4: no target" in result.output and "nothing was imported" in result.output
    assert exported_csv(run, tmp_path) == []
    skipped = run("glossary", "import", write(tmp_path, "bad.csv", BAD), "--skip-invalid")
    assert skipped.exit_code == 0 and "Imported: 2 new" in skipped.output


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"<martif><text>", "malformed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><martif>&lol2;'
     b"</martif>", "entit"),
])
def test_unreadable_files_exit_non_zero(run, tmp_path, content, message):
    path = tmp_path / "bad.tbx"
    path.write_bytes(content)
    result = run("glossary", "import", str(path))
    assert result.exit_code != 0 and message in result.output


def test_missing_file_and_unknown_project(run, tmp_path):
    assert "cannot read" in run("glossary", "import", str(tmp_path / "nope.csv")).output
    unknown = run("glossary", "export", "--project", "Nope", "--format", "csv")
    assert unknown.exit_code != 0 and "no project named 'Nope'" in unknown.output


def test_an_empty_glossary_exports_no_tbx(run, tmp_path):
    out = tmp_path / "g.tbx"
    for fmt in ("tbx", "tbx3"):
        result = run("glossary", "export", "--format", fmt, "-o", str(out))
        assert result.exit_code != 0 and "nothing to export" in result.output
    assert not out.exists()
    assert exported_csv(run, tmp_path) == []


def test_demo_imports_the_starter_glossary_once(run, tmp_path):
    assert run("demo").exit_code == 0 and run("demo").exit_code == 0
    assert len(exported_csv(run, tmp_path, "--project", "Default")) == len(starter_glossary())
