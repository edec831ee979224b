"""Small builders for tests: import a document through the real service."""

from __future__ import annotations

from webapp.services import documents as docs


def make_document(session, mt_text: str, *, title: str = "Test document", source_text: str | None = None,
                  src_lang: str = "zh", tgt_lang: str = "en"):
    document = docs.import_document(
        session, mt_text=mt_text, source_text=source_text, title=title,
        project=docs.project_named(session, "Default"), src_lang=src_lang, tgt_lang=tgt_lang, author="test",
    )
    session.flush()
    return document
