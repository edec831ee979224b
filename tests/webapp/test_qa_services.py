"""QA in the app: findings stored per row and per document, ignores that stick, disabled checks, the job."""


import pytest

from tests.builders import make_document, wait_for_job
from webapp import jobs
from webapp.db import session_scope
from webapp.models import JobStatus, QaFinding
from webapp.services import documents as docs
from webapp.services import editing, projects, qa, report
from webapp.services import glossary as gs
from webapp.services.errors import InvalidInput, NotFound

MT = ("The report was adopted. We saw the the results. my country has grown fast.\n\n"
      "The ship left port. Tiangong-2 and Tiangong 2 flew.")


def checks_of(findings: list[dict]) -> list[str]:
    return [f["check_id"] for f in findings]


def save(session, link, text: str):
    editing.save_link(session, link, version=link.version, author="ed", target=text)
    qa.check_link(session, link)
    session.flush()


@pytest.fixture
def doc(session):
    document = make_document(session, MT, title="QA doc")
    qa.check_document_findings(session, document)
    session.flush()
    return document


def test_a_document_run_stores_row_and_document_findings(session, doc):
    found = qa.document_findings(session, doc)
    assert {"repeated_word", "lowercase_start", "calque", "inconsistent_name"} <= set(checks_of(found))
    repeated = next(f for f in found if f["check_id"] == "repeated_word")
    assert (repeated["position"], repeated["flagged"], repeated["severity"]) == (1, "the the", "warning")
    assert not any(f["ignored"] for f in found)


def test_a_saved_row_is_rechecked_and_its_findings_replaced(session, doc):
    link = doc.links[0]
    assert qa.findings_for_links(session, [link]) == {}
    save(session, link, "The report was  adopted by the the congress.")
    found = qa.findings_for_links(session, [link])[link.id]
    assert sorted(checks_of(found)) == ["double_space", "repeated_word"]
    marks = qa.marks(link, found)
    assert {(m["side"], m["kind"]) for m in marks} == {("target", "qa")}
    save(session, link, "The report was adopted by the congress.")
    assert qa.findings_for_links(session, [link]) == {}


def test_document_findings_survive_an_edit_elsewhere_in_the_document(session, doc):
    names = [f for f in qa.document_findings(session, doc) if f["check_id"] == "inconsistent_name"]
    save(session, doc.links[0], "The report was adopted quickly.")
    assert [f for f in qa.document_findings(session, doc) if f["check_id"] == "inconsistent_name"] == names


def test_untouched_rows_show_target_spans_on_the_mt_too(session, doc):
    link = doc.links[1]
    marks = qa.marks(link, qa.findings_for_links(session, [link])[link.id])
    assert {m["side"] for m in marks} == {"target", "mt"}


def test_ignore_sticks_across_reruns_and_edits_that_keep_the_flagged_text(session, doc):
    link = doc.links[1]
    finding = next(f for f in qa.document_findings(session, doc) if f["check_id"] == "repeated_word")
    qa.ignore(session, qa.get_finding(session, finding["id"]), "ed")
    qa.ignore(session, qa.get_finding(session, finding["id"]), "ed")  # twice is harmless
    qa.check_document_findings(session, doc)
    assert next(f for f in qa.document_findings(session, doc) if f["check_id"] == "repeated_word")["ignored"]
    save(session, link, "Yesterday we saw the the results.")
    found = qa.findings_for_links(session, [link])[link.id]
    assert [f["ignored"] for f in found if f["check_id"] == "repeated_word"] == [True]
    assert not [m for m in qa.marks(link, found) if m["title"].startswith("Repeated")]
    assert link.id not in qa.flagged_link_ids(session, doc.id)
    save(session, link, "Yesterday we saw the The results.")  # the flagged text changed: a new warning
    found = qa.findings_for_links(session, [link])[link.id]
    assert [f["ignored"] for f in found if f["check_id"] == "repeated_word"] == [False]
    assert link.id in qa.flagged_link_ids(session, doc.id)


def test_unignore_shows_the_warning_again(session, doc):
    finding = next(f for f in qa.document_findings(session, doc) if f["check_id"] == "calque")
    stored = qa.get_finding(session, finding["id"])
    qa.ignore(session, stored, "ed")
    assert qa.is_ignored(session, stored)
    qa.unignore(session, stored)
    assert not qa.is_ignored(session, stored)
    assert qa.finding_counts(session, doc).open["calque"] == 1


def test_disabled_checks_are_neither_run_nor_shown(session, doc):
    project = doc.project
    projects.update_settings(project, disabled_checks=qa.disabled_from_enabled(
        c for c in qa.enabled_checks(project) if c not in ("calque", "repeated_word")))
    session.flush()
    assert not {"calque", "repeated_word"} & set(checks_of(qa.document_findings(session, doc)))
    summary = qa.check_document_findings(session, doc)
    assert "calque" not in summary["by_check"] and "lowercase_start" in summary["by_check"]
    link = doc.links[0]
    save(session, link, "The the report.")
    assert "repeated_word" not in checks_of(qa.findings_for_links(session, [link]).get(link.id, []))


def test_unknown_checks_and_severities_are_refused(session, doc):
    with pytest.raises(InvalidInput):
        qa.disabled_from_enabled(["calque", "no_such_check"])
    with pytest.raises(InvalidInput):
        qa.document_findings(session, doc, check_id="no_such_check")
    with pytest.raises(InvalidInput):
        qa.count_findings(session, doc, severity="fatal")


def test_a_finding_whose_text_changed_without_a_recheck_is_not_shown(session, doc):
    link = doc.links[1]
    editing.save_link(session, link, version=link.version, author="ed", target="We saw the results.")
    session.flush()  # a bulk path saved the row without re-checking it
    assert link.id not in qa.findings_for_links(session, [link])
    assert "repeated_word" not in checks_of(qa.document_findings(session, doc))
    assert link.id not in qa.flagged_link_ids(session, doc.id)  # nor does the "QA warning" filter show it
    editing.save_link(session, link, version=link.version, author="ed", target="We saw the the results.")
    session.flush()  # the text it was found in is back (an undo): so is the finding
    assert "repeated_word" in checks_of(qa.document_findings(session, doc))


def test_glossary_terms_feed_the_term_checks(session):
    project = docs.project_named(session, "Default")
    glossary = gs.glossary_for(session, project)
    gs.create_entry(session, glossary, {"source": "我国", "targets": ["China"], "forbidden": ["my country"]},
                    "ed")
    document = make_document(session, "My country grows.", source_text="我国发展。", title="Terms")
    summary = qa.check_document_findings(session, document)
    assert summary["by_check"].get("term_forbidden") == 1 and summary["errors"] == 1
    forbidden = next(f for f in qa.document_findings(session, document) if f["check_id"] == "term_forbidden")
    assert forbidden["flagged"] == "My country"
    save(session, document.links[0], "China grows.")
    assert qa.findings_for_links(session, [document.links[0]]) == {}


def test_the_review_report_charts_open_findings_per_check(session, doc):
    counts = qa.finding_counts(session, doc).open
    assert counts["repeated_word"] == 1 and counts["calque"] == 1
    html = report.render_report(session, doc)
    assert "QA findings by check" in html and "repeated_word" in html and "no QA findings" not in html
    csv_text = qa.findings_csv(qa.document_findings(session, doc))
    assert csv_text.splitlines()[0] == ",".join(qa.CSV_COLUMNS) and "the the" in csv_text


def test_findings_go_with_their_document(session, doc):
    docs.delete_document(session, doc)
    assert session.query(QaFinding).count() == 0
    with pytest.raises(NotFound):
        qa.get_finding(session, 1)


def test_the_qa_job_runs_the_document_in_the_background(app):
    with app.app_context(), session_scope(app) as session:
        document_id = make_document(session, MT, title="Job").id
        job_id = jobs.submit(session, kind="qa", params={}, author="ed", document_id=document_id).id
    jobs.dispatch(app, job_id)
    job = wait_for_job(app, job_id)
    assert job.status == JobStatus.DONE and job.progress == 1.0, job.error
    assert job.result["rows"] == 5 and job.result["by_check"]["repeated_word"] == 1
    with app.app_context(), session_scope(app) as session:
        assert session.query(QaFinding).filter_by(document_id=document_id).count() == job.result["findings"]


def test_a_document_run_reports_progress_before_it_writes(session, doc):
    notes: list[tuple[float, str]] = []
    run = qa.run_document(session, doc, lambda fraction, message: notes.append((fraction, message)))
    assert not session.new and not session.dirty  # computing the findings writes nothing
    fractions = [fraction for fraction, _ in notes]
    assert fractions == sorted(fractions) and fractions[-1] >= 0.9
    assert "checked 5 of 5 rows" in [message for _, message in notes]
    assert qa.store_run(session, run)["findings"] == len(run.findings)
