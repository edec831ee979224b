"""A whole-document run through the service stores exactly the golden findings of the generated corpus."""

import json
from types import SimpleNamespace

from sqlalchemy import insert, select

from segments.qa import CHECKS_BY_ID
from tests.segments.qa_corpus import GOLDEN, corpus
from webapp.models import GlossaryEntry, Link, QaFinding, text_hash
from webapp.services import documents as docs
from webapp.services import glossary as gs
from webapp.services import qa


def _store_corpus(session):
    rows, terms = corpus()
    project = docs.project_named(session, "Golden")
    glossary = gs.glossary_for(session, project)
    session.execute(insert(GlossaryEntry), [
        {**gs.entry_values(t), "glossary_id": glossary.id, "created_by": "test", "changed_by": "test"}
        for t in terms])
    gs.touch_glossary(session, glossary.id)
    src = [(i, SimpleNamespace(content=r.source, lead="", tail="\n")) for i, r in enumerate(rows) if r.source]
    mt = [(i, SimpleNamespace(content=r.mt, lead="", tail="\n")) for i, r in enumerate(rows) if r.mt]
    groups, s, m = [], 0, 0
    for row in rows:
        groups.append(docs.Group((s,) if row.source else (), (m,) if row.mt else ()))
        s, m = s + bool(row.source), m + bool(row.mt)
    document = docs.create_document(
        session, project=project, title="QA golden", src_lang="zh", tgt_lang="en",
        source_text="\n".join(r.source for r in rows), mt_text="\n".join(r.mt for r in rows),
        src=src, mt=mt, groups=groups, author="test")
    session.flush()
    for link, row in zip(document.links, rows, strict=True):
        if row.target != row.mt:  # the rows whose correction differs from the MT (a tag lost, doubled, cut)
            link.target = row.target
            link.rehash()
    session.flush()
    return document, rows


def test_a_document_run_stores_exactly_the_golden_findings(session):
    document, rows = _store_corpus(session)
    summary = qa.check_document_findings(session, document)
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert summary["findings"] == len(golden)
    stored = session.execute(select(QaFinding, Link.position).join(Link, Link.id == QaFinding.link_id)
                             .where(QaFinding.document_id == document.id).order_by(QaFinding.id)).all()
    found = [[position, f.check_id, f.side, f.spans, f.message, f.fingerprint,
              [[fix["kind"], fix["edits"]] for fix in f.fixes or ()]] for f, position in stored]
    first_difference = next((i for i, (a, b) in enumerate(zip(found, golden, strict=False)) if a != b), None)
    assert first_difference is None, (found[first_difference], golden[first_difference])
    for finding, position in stored:
        check = CHECKS_BY_ID[finding.check_id]
        assert (finding.severity, finding.scope) == (check.severity.value, check.scope)
        text = rows[position].source if finding.side == "source" else rows[position].target
        assert finding.text_hash == text_hash(text)
