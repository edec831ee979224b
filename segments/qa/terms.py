"""Glossary checks, written against the duck-typed matches of ``QaContext.find_terms``."""

from __future__ import annotations

from collections.abc import Iterator

from segments.qa.model import Finding, QaContext, QaRow


def term_missing(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A glossary source term appears in the source but its approved translation is not in the target."""
    if context.find_terms is None or not row.source:
        return
    wanted = [m for m in context.find_terms(row.source, "source") if m.kind == "source"]
    if not wanted:  # most rows: no term in the source, so no need to look at the target
        return
    found = {m.term_id for m in context.find_terms(row.target, "target") if m.kind == "target"}
    for match in wanted:
        if match.term_id not in found:
            yield Finding(f"“{match.text}” should be translated as “{match.preferred}”.",
                          ((match.start, match.end),), "source")


def term_forbidden(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A forbidden variant of a glossary term is used in the target."""
    if context.find_terms is None:
        return
    for match in context.find_terms(row.target, "target"):
        if match.kind == "forbidden":
            yield Finding(f"“{match.text}” is a forbidden variant: use “{match.preferred}”.",
                          ((match.start, match.end),))
