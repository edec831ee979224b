"""`bitext dictionary list|add|remove|import|export PROJECT` against a real database chosen through BITEXT_*
variables."""

from sqlalchemy import select

from tests.conftest import build_app, close_app
from webapp.db import session_scope
from webapp.models import AuditEvent

WORDS = "# desk names\nXinhua\n\nWi-Fi\nxinhua\n"


def test_add_list_remove_import_export(run, tmp_path):
    assert run("demo").exit_code == 0  # the Default project, with the demo article
    added = run("dictionary", "add", "Default", "Xinhua", "O'Neill")
    assert added.exit_code == 0 and "Added “Xinhua” to the dictionary" in added.output
    assert "already in the dictionary" in run("dictionary", "add", "Default", "XINHUA").output
    listed = run("dictionary", "list", "Default")
    assert listed.stdout == "O'Neill\nXinhua\n" and "2 words" in listed.stderr
    path = tmp_path / "words.txt"
    path.write_text(WORDS, "utf-8")
    imported = run("dictionary", "import", "Default", str(path))
    assert imported.exit_code == 0 and "Imported 1 new word (1 already in the dictionary)" in imported.output
    removed = run("dictionary", "remove", "Default", "o'neill")
    assert removed.exit_code == 0 and "Removed “O'Neill”" in removed.output
    out = tmp_path / "out.txt"
    assert run("dictionary", "export", "Default", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8") == "Wi-Fi\nXinhua\n"
    assert run("dictionary", "export", "Default").stdout == "Wi-Fi\nXinhua\n"
    assert run("dictionary", "list", "Default", "--find", "FI").stdout == "Wi-Fi\n"


def test_bad_input_exits_non_zero_and_changes_nothing(run, tmp_path):
    assert run("demo").exit_code == 0
    bad_word = run("dictionary", "add", "Default", "Beijing", "two words")
    assert bad_word.exit_code != 0 and "one word at a time" in bad_word.output
    path = tmp_path / "bad.txt"
    path.write_text("fine\nalso fine\n", "utf-8")
    bad_list = run("dictionary", "import", "Default", str(path))
    assert bad_list.exit_code != 0 and "line 2: one word at a time" in bad_list.output
    missing = run("dictionary", "remove", "Default", "Beijing")
    assert missing.exit_code != 0 and "no word 'Beijing'" in missing.output
    assert run("dictionary", "list", "Nowhere").exit_code != 0
    assert run("dictionary", "import", "Default", str(tmp_path / "absent.txt")).exit_code != 0
    assert run("dictionary", "export", "Default").stdout == ""


def test_changes_go_to_the_audit_log_as_the_default_author(run, database_url, tmp_path):
    assert run("demo").exit_code == 0
    assert run("dictionary", "add", "Default", "Xinhua").exit_code == 0
    path = tmp_path / "words.txt"
    path.write_text(WORDS, "utf-8")
    assert run("dictionary", "import", "Default", str(path)).exit_code == 0
    assert run("dictionary", "remove", "Default", "xinhua").exit_code == 0
    app = build_app(database_url, tmp_path / "instance")
    try:
        with app.app_context(), session_scope(app, immediate=False) as session:
            events = session.scalars(select(AuditEvent).where(AuditEvent.action.startswith("dictionary_"))
                                     .order_by(AuditEvent.id))
            assert [(e.user, e.action, e.detail) for e in events] == [
                ("local", "dictionary_add", {"word": "Xinhua", "cleared": 0}),
                ("local", "dictionary_import", {"added": 1, "already": 1, "cleared": 0, "words": ["Wi-Fi"]}),
                ("local", "dictionary_remove", {"word": "Xinhua"})]
    finally:
        close_app(app)
