"""Exports in every format and imports back: clean text, bilingual files, an edited XLIFF applied again."""

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from segments.formats import FORMATS, read_bitext
from tests.builders import clean_text, make_document
from tests.conftest import SHARED
from webapp.cli import main
from webapp.models import Revision, text_hash
from webapp.services import documents as docs
from webapp.services import editing, exports, imports, qa
from webapp.services.errors import Conflict, InvalidInput

AWKWARD = 'Quotes "here" & <tags>. Emoji 🎉 and 中文 text.\n\nמשפט בעברית. Last one.'


def export_bytes(session, document, format_id, **options):
    out = io.BytesIO()
    exports.export(session, document, format_id, out, exports.ExportOptions(**options))
    return out.getvalue()


def test_clean_text_formats_keep_the_corrections(session):
    document = make_document(session, AWKWARD)
    link = document.links[1]
    editing.save_link(session, link, version=1, author="ed", target="Emoji 🎉 and Chinese text.")
    session.flush()
    text = export_bytes(session, document, "txt").decode()
    assert text == AWKWARD.replace("Emoji 🎉 and 中文 text.", "Emoji 🎉 and Chinese text.")
    html = export_bytes(session, document, "html").decode()
    assert "&lt;tags&gt;" in html and "Chinese text." in html
    assert export_bytes(session, document, "docx")[:2] == b"PK"


def test_typography_options_apply_only_when_asked(session):
    document = make_document(session, 'He said "yes" .  Then left.')
    assert export_bytes(session, document, "txt").decode() == 'He said "yes" .  Then left.'
    tidy = export_bytes(session, document, "txt", quotes="curly", single_space=True,
                        no_space_before_punctuation=True).decode()
    assert tidy == "He said “yes”. Then left."


@pytest.mark.parametrize("format_id", ["tmx", "xliff12", "xliff21", "json", "csv", "tsv"])
def test_bilingual_exports_read_back_with_the_same_units(session, format_id):
    document = make_document(session, "One.\nTwo & <three>.", source_text="一。\n二和三。")
    editing.save_link(session, document.links[0], version=1, author="ed", target="One, fixed.")
    session.flush()
    bitext = read_bitext(export_bytes(session, document, format_id), format_id=format_id)
    pairs = [(u.source, u.target) for u in bitext.units]
    assert pairs == [("一。", "One, fixed."), ("二和三。", "Two & <three>.")]


def test_confirmed_only_tmx(session):
    document = make_document(session, "One.\nTwo.", source_text="一。\n二。")
    editing.save_link(session, document.links[1], version=1, author="ed", status="confirmed")
    session.flush()
    bitext = read_bitext(export_bytes(session, document, "tmx", confirmed_only=True), format_id="tmx")
    assert [u.target for u in bitext.units] == ["Two."]


@pytest.mark.skipif(not (SHARED / "bench" / "validate_formats.py").exists(), reason="no ../shared")
def test_xml_exports_validate_against_the_official_schemas(session, tmp_path):
    document = make_document(session, AWKWARD, source_text="第一句。\n\n第二句。")
    files = []
    for format_id, suffix in (("tmx", ".tmx"), ("xliff12", ".xlf"), ("xliff21", ".xlf")):
        path = tmp_path / f"{format_id}{suffix}"
        path.write_bytes(export_bytes(session, document, format_id))
        files.append(str(path))
    result = subprocess.run([sys.executable, str(SHARED / "bench" / "validate_formats.py"), *files],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_edited_xliff_applies_back_with_revisions_and_undoable_operation(session):
    document = make_document(session, "One.\nTwo.", source_text="一。\n二。")
    data = export_bytes(session, document, "xliff21").decode()
    edited = data.replace("<target>Two.</target>", "<target>Two, edited elsewhere.</target>")
    assert edited != data
    bitext = imports.read_bilingual_upload(edited.encode(), "doc.xlf", key=exports.doc_key(document))
    report = imports.apply_bitext(session, document, bitext, author="tool")
    assert report.summary() == "1 rows updated, 1 unchanged"
    assert document.links[1].final_text == "Two, edited elsewhere."
    revision = session.scalars(select(Revision).where(Revision.link_id == document.links[1].id)).first()
    assert revision.operation.kind == "import_bilingual"


def test_xliff_of_another_document_is_refused(session):
    first = make_document(session, "One.", title="first")
    second = make_document(session, "One.", title="second")
    data = export_bytes(session, first, "xliff12")
    with pytest.raises(InvalidInput, match="belongs to document"):
        imports.read_bilingual_upload(data, "x.xlf", key=exports.doc_key(second))


def test_xliff_is_refused_when_rows_changed_here_since_export(session):
    document = make_document(session, "One.\nTwo.")
    link = document.links[0]
    link.updated_at -= timedelta(hours=1)  # exported an hour ago
    session.flush()
    data = export_bytes(session, document, "xliff12").decode()
    editing.save_link(session, link, version=link.version, author="here", target="One, changed here.")
    session.flush()
    edited = data.replace(">One.</target>", ">One, elsewhere.</target>").encode()
    bitext = imports.read_bilingual_upload(edited, "x.xlf", key=exports.doc_key(document))
    with pytest.raises(Conflict, match="nothing was applied"):
        imports.apply_bitext(session, document, bitext, author="tool")
    assert link.final_text == "One, changed here."


def test_tmx_imports_as_an_aligned_document(session):
    source = make_document(session, "One.\nTwo.", source_text="一。\n二。")
    data = export_bytes(session, source, "tmx")
    bitext = imports.read_bilingual_upload(data, "memory.tmx")
    document = imports.import_bitext(session, bitext, project=docs.project_named(session, "Default"),
                                     title="From TMX")
    session.flush()
    pairs = [(link.source_text, link.mt_text) for link in document.links]
    assert pairs == [("一。", "One."), ("二。", "Two.")]


def test_corrections_carried_in_by_a_bilingual_file_are_checked_by_qa(session):
    source = make_document(session, "The the report.\nTwo.", title="Reviewed elsewhere")
    editing.save_link(session, source.links[1], version=1, author="there", target="Two two.")
    session.flush()
    bitext = imports.read_bilingual_upload(export_bytes(session, source, "xliff12"), "x.xlf")
    document = imports.import_bitext(session, bitext, project=docs.project_named(session, "Default"))
    session.flush()
    finals = ["The the report.", "Two two."]
    assert [link.target_hash for link in document.links] == [text_hash(text) for text in finals]
    qa.check_document_findings(session, document)
    found = qa.document_findings(session, document, check_id="repeated_word")
    flagged = {f["target"] for f in found}
    assert flagged == {"The the report.", "Two two."}  # the carried correction's findings are current


@pytest.mark.parametrize("data, name, message", [
    (b"<xliff", "broken.xlf", "malformed|not"),
    (b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "b">]><tmx version="1.4">&a;</tmx>', "evil.tmx",
     "entit|DTD|DOCTYPE"),
    (b"PK\x03\x04truncated", "broken.docx", "docx|zip|corrupt|truncated"),
])
def test_bad_files_are_refused_with_a_message(data, name, message):
    reader = imports.read_bilingual_upload if imports.is_bilingual(name) else imports.read_text_upload
    with pytest.raises(InvalidInput, match=message):
        reader(data, name)


def test_cli_exports_every_format_and_applies_an_edited_xliff(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("BITEXT_DATABASE_URL", database_url)
    runner = CliRunner()
    source, mt = tmp_path / "zh.txt", tmp_path / "en.docx"
    source.write_text("一。\n二。", "utf-8")
    mt.write_bytes(FORMATS["docx"].dumps([_piece("One.", "\n"), _piece("Two.", "")]))
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(main, ["import", str(mt), "--source", str(source), "--title", "Docx"])
    assert result.exit_code == 0, result.output
    for format_id in FORMATS:
        out = tmp_path / f"out.{format_id}"
        done = runner.invoke(main, ["export", "Docx", "--format", format_id, "-o", str(out)])
        assert done.exit_code == 0 and out.stat().st_size > 0, done.output
    edited = (tmp_path / "out.json").read_text("utf-8").replace('"target": "Two."', '"target": "Two!"')
    (tmp_path / "edited.json").write_text(edited, "utf-8")
    applied = runner.invoke(main, ["import", str(tmp_path / "edited.json"), "--into", "Docx"])
    assert applied.exit_code == 0 and "1 rows updated" in applied.output, applied.output
    assert json.loads(edited)


def _piece(text, tail):
    from segments.formats import Piece

    return Piece(text, tail, 0)


def test_file_names_are_safe(session):
    document = make_document(session, "One.", title="../../etc/passwd 报告")
    name = exports.file_name(document, "xliff12")
    assert "/" not in name and ".." not in name and name.endswith((".xlf", ".xliff"))
    assert Path(name).name == name


def test_review_report_has_diffs_totals_and_escaped_text(app, session):
    document = make_document(session, "my country grows. <script>alert(1)</script> stays.")
    editing.save_link(session, document.links[0], version=1, author="ed", target="China grows.")
    session.flush()
    editing.save_link(session, document.links[0], version=2, author="chief", status="confirmed")
    session.flush()
    with app.test_request_context():
        html = export_bytes(session, document, "report").decode()
    assert "<del>my country</del>" in html
    assert "<ins>China</ins>" in html and "by chief" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "TER against the MT</dt><dd>" in html and "<svg" in html


def test_corrected_english_version_fills_corrections_as_revisions(session, seed_text):
    document = make_document(session, seed_text)
    corrected = (seed_text.replace("Xi on science and tech workers", "Xi on scientists and engineers")
                 .replace("stimulate scientific and technological workers. enthusiasm",
                          "stimulate scientific and technological workers' enthusiasm")
                 .replace("achievements Achievements", "achievements"))
    report = imports.apply_corrected_text(session, document, corrected, author="editor")
    session.flush()
    assert len(report.changed) >= 3 and not report.conflicts
    assert clean_text(session, document).split() == corrected.split()
    kinds = {r.operation.kind for r in session.scalars(select(Revision).where(Revision.author == "editor"))}
    assert kinds == {"import_corrected"}


def test_corrected_version_does_not_overwrite_corrections_made_here(session):
    document = make_document(session, "One here. Two here.")
    editing.save_link(session, document.links[0], version=1, author="ed", target="One, reviewed.")
    session.flush()
    with pytest.raises(Conflict, match="already corrected"):
        imports.apply_corrected_text(session, document, "One, edited. Two here.", author="editor")
    assert document.links[0].final_text == "One, reviewed."
    report = imports.apply_corrected_text(session, document, "One, edited. Two here.", author="editor",
                                          overwrite=True)
    assert report.summary().startswith("1 rows updated")


def test_targets_for_rows_that_are_gone_are_refused_whole(session):
    # The apply job aligns first and writes later: a merge in between leaves targets for a row that is gone.
    document = make_document(session, "One here. Two here.")
    targets = imports.corrected_targets(session, document, "One, edited. Two, edited.")
    gone = max(targets) + 1000
    with pytest.raises(Conflict, match="split, merged or removed"):
        imports.apply_targets(session, document, {**targets, gone: "Three."}, author="ed", overwrite=False)
    assert [link.final_text for link in document.links] == ["One here.", "Two here."]


def test_an_export_reports_its_progress(session):
    document = make_document(session, " ".join(f"Sentence {n} is here." for n in range(1_200)))
    heard: list[tuple[float, str]] = []
    exports.export(session, document, "tmx", io.BytesIO(), progress=lambda f, m: heard.append((f, m)))
    assert [message for _, message in heard] == [
        "exported 500 of 1200 rows", "exported 1000 of 1200 rows", "exported 1200 of 1200 rows"]
    assert [fraction for fraction, _ in heard] == sorted(fraction for fraction, _ in heard)
    assert heard[-1][0] == pytest.approx(0.95)


def test_corrected_version_is_aligned_through_the_source(session):
    # The MT paraphrased its second sentence (no word of it is in the edited English): only the Chinese
    # source says that the editor folded it into the first sentence, not into the long last one.
    mt = ("Old Wang purchased numerous volumes at the bazaar. Then he vended the blossoms of the yard. "
          "At dusk we trekked home and consumed grain.")
    document = make_document(session, mt, source_text="老王在市场上买了很多书。他又卖掉了花园里的花。"
                                                      "晚上我们走了很远的路回家，一起吃米饭。")
    assert [len(link.sentences) for link in document.links] == [2, 2, 2]
    books = "Lao Wang bought many books in the market and sold the flowers in the garden."
    rice = "In the evening, after walking a long way back home, we ate rice together."
    first, second, third = (link.id for link in document.links)
    assert imports.corrected_targets(session, document, f"{books} {rice}") == {
        first: books, second: "", third: rice}
    without_source = make_document(session, mt, title="No source")  # string evidence alone is misled
    rows = [link.id for link in without_source.links]
    assert imports.corrected_targets(session, without_source, f"{books} {rice}")[rows[1]] == rice
