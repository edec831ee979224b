"""Small builders for tests: import a document through the real service; record the statements sent; wait
for a background job."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import event

from webapp.db import session_scope
from webapp.models import Job, JobStatus
from webapp.services import documents as docs
from webapp.services import glossary as gs

T = TypeVar("T")


def make_document(session, mt_text: str, *, title: str = "Test document", source_text: str | None = None,
                  src_lang: str = "zh", tgt_lang: str = "en"):
    document = docs.import_document(
        session, mt_text=mt_text, source_text=source_text, title=title,
        project=docs.project_named(session, "Default"), src_lang=src_lang, tgt_lang=tgt_lang, author="test",
    )
    session.flush()
    return document


def make_term_document(session):
    """A small article and a glossary: 我国 → China (forbidden "my country") in its project, 人才 → talent in
    the global glossary."""
    document = make_document(session, "My country is big. my country grows.\n\nTalents matter. Nothing here.",
                             source_text="我国很大。我国在发展。\n\n人才很重要。这里没有。", title="Terms")
    gs.create_entry(session, gs.glossary_for(session, document.project), {
        "source": "我国", "targets": "China | the country", "forbidden": "my country",
        "note": "not 'my country'"}, "ana")
    gs.create_entry(session, gs.glossary_for(session, None), {"source": "人才", "targets": "talent"}, "ana")
    return document


def long_text(sentences: int, per_paragraph: int = 10) -> str:
    """A generated MT text of `sentences` distinct sentences, `per_paragraph` to a paragraph."""
    def paragraph(first: int) -> str:
        last = min(first + per_paragraph, sentences)
        return " ".join(f"Sentence {n} of the long report is here." for n in range(first, last))

    return "\n\n".join(paragraph(first) for first in range(0, sentences, per_paragraph))


def make_pairs(session, pairs: list[tuple[str, str]], *, title: str = "Paired document"):
    """A document whose rows are exactly `pairs` of (source, MT) sentences, one line each ("" = none)."""
    from segments import split_document

    src = [(0, p) for line, _ in pairs if line for p in split_document(line + "\n", "zh")[0].sentences]
    mt = [(0, p) for _, line in pairs if line for p in split_document(line + "\n", "en")[0].sentences]
    groups, s, m = [], 0, 0
    for source, target in pairs:
        groups.append(docs.Group((s,) if source else (), (m,) if target else ()))
        s, m = s + bool(source), m + bool(target)
    document = docs.create_document(
        session, project=docs.project_named(session, "Default"), title=title, src_lang="zh", tgt_lang="en",
        source_text="\n".join(p for p, _ in pairs), mt_text="".join(p.content + p.tail for _, p in mt),
        src=src, mt=mt, groups=groups, author="test")
    session.flush()
    return document


def clean_text(session, document) -> str:
    """The document's clean-text export, as the user downloads it."""
    import io

    from webapp.services import exports

    out = io.BytesIO()
    exports.export(session, document, "txt", out)
    return out.getvalue().decode("utf-8")


@contextmanager
def recorded_statements(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine sends meanwhile, in order."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = app.extensions["bitext.engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def eventually(check: Callable[[], T | None], seconds: float = 30.0, what: str = "the wait") -> T:
    """The first answer of `check` that is not None, asking again until `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while (answer := check()) is None:
        assert time.monotonic() < deadline, f"{what}: still nothing after {seconds:g} s"
        time.sleep(0.05)
    return answer


def wait_for_job(app, job_id: int, timeout: float = 20.0) -> Job:
    """The job once it is done or failed (detached from its session)."""
    def finished() -> Job | None:
        with session_scope(app) as session:
            job = session.get(Job, job_id)
            if job.status not in (JobStatus.DONE, JobStatus.FAILED):
                return None
            session.expunge(job)
            return job

    return eventually(finished, timeout, f"job {job_id} finishing")
