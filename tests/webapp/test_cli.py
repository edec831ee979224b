"""The `bitext` command line against a real database chosen through BITEXT_* variables."""

import os
import pty
import subprocess
import sys

import pytest

from segments import split_document


def test_demo_import_is_idempotent_and_exports_the_seed(run, tmp_path, seed_text):
    first = run("demo")
    assert first.exit_code == 0 and "imported" in first.output
    assert "already there" in run("demo").output
    listing = run("documents").output
    sentences = sum(len(p.sentences) for p in split_document(seed_text, "en"))
    assert f"0/{sentences}" in listing and "demo" in listing
    out = tmp_path / "out.txt"
    assert run("export", "1", "--format", "txt", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8") == seed_text


def test_import_prints_id_and_export_by_title(run, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_bytes("\ufeffOne. Two.\r\n\r\nThree.".encode())
    result = run("import", str(mt), "--title", "Daily", "--src-lang", "zh", "--tgt-lang", "en")
    assert result.exit_code == 0 and result.output.strip().isdigit()
    assert run("export", "Daily").output == "One. Two.\n\nThree."


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"), (b"\x00\x01\x02", "binary"), (b"\xff\xfe\xfd\x80\x81 abc \x90", "not valid"),
])
def test_import_refuses_bad_files_and_stores_nothing(run, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("import", str(bad))
    assert result.exit_code != 0 and message in result.output
    assert run("documents").output == ""


def test_missing_file_and_unknown_document_exit_non_zero(run, tmp_path):
    missing = run("import", str(tmp_path / "nope.txt"))
    assert missing.exit_code != 0 and "cannot read" in missing.output
    unknown = run("export", "Nothing")
    assert unknown.exit_code != 0 and "no document" in unknown.output
    assert run("export", "1", "--format", "pdf").exit_code == 2
    assert run("import", str(tmp_path / "x.txt"), "--format", "pdf").exit_code == 2


def test_import_with_prefill_uses_exact_memory_matches(run, tmp_path):
    from webapp import create_app
    from webapp.db import session_scope
    from webapp.services import documents as docs
    from webapp.services import editing

    mt = tmp_path / "mt.txt"
    mt.write_text("My country grows fast. Another sentence.", "utf-8")
    run("import", str(mt), "--title", "First")
    app = create_app()
    with app.app_context(), session_scope(app) as session:
        first = docs.find_document(session, "First").links[0]
        editing.save_link(session, first, version=1, author="ed", target="China grows fast.",
                          status="confirmed")
    app.extensions["bitext.engine"].dispose()
    assert run("import", str(mt), "--title", "Second", "--prefill").exit_code == 0
    out = tmp_path / "second.txt"
    run("export", "Second", "-o", str(out))
    assert out.read_text("utf-8") == "China grows fast. Another sentence."


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What `bitext ARGS` writes to its standard error when that is a terminal (a pseudo-terminal here)."""
    main_side, command_side = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "webapp.cli", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=command_side)
    os.close(command_side)
    written = b""
    while True:
        try:
            chunk = os.read(main_side, 4096)
        except OSError:  # the command closed its end
            break
        if not chunk:
            break
        written += chunk
    os.close(main_side)
    process.wait(120)
    return written.decode("utf-8", "replace")


def test_long_commands_draw_a_progress_bar_on_a_terminal(tmp_path):
    env = {**os.environ, "BITEXT_INSTANCE": str(tmp_path / "instance"),
           "BITEXT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    subprocess.run([sys.executable, "-m", "webapp.cli", "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    article = tmp_path / "article.txt"
    article.write_text(" ".join(f"Sentence {n} of the report is here." for n in range(500)), "utf-8")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(article.read_text("utf-8").replace("report", "study"), "utf-8")
    for args in (["import", str(article)], ["qa", "1"], ["import", str(corrected), "--into", "1"],
                 ["export", "1", "-o", str(tmp_path / "out.txt")]):
        drawn = on_a_terminal(args, env)
        assert "[" + "#" * 30 + "] 100%" in drawn, (args, drawn[-300:])
    assert (tmp_path / "out.txt").read_text("utf-8") == corrected.read_text("utf-8")
