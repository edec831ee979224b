"""Run the registered checks over one row or a whole document."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import replace

from segments.gc_tuning import batch_gc
from segments.qa.model import Check, Edit, Finding, Fix, Issue, QaContext, QaRow, TermMatch
from segments.qa.registry import ALL_CHECKS
from segments.tag_edits import replacement_back, span_back
from segments.tags import has_tags, untagged, untagged_with_offsets

_ROW_CHECKS = tuple(c for c in ALL_CHECKS if c.scope == "row")
_DOCUMENT_CHECKS = tuple(c for c in ALL_CHECKS if c.scope == "document")


def _issues(check: Check, findings: Iterable[Finding]) -> list[Issue]:
    return [Issue(check.id, check.severity, f.message, f.spans, f.side, f.fixes) for f in findings]


def _active(checks: tuple[Check, ...], enabled: Collection[str] | None) -> tuple[Check, ...]:
    return checks if enabled is None else tuple(c for c in checks if c.id in enabled)


def _sort_key(issue: Issue) -> tuple[int, int, str]:
    return (issue.side != "target", issue.spans[0][0] if issue.spans else -1, issue.check_id)


def _memoised(context: QaContext, size: int | None = 4) -> QaContext:
    """The context with ``find_terms`` memoised for the last ``size`` texts (None: every text): several checks
    look up the same ones."""
    if context.find_terms is None:
        return context
    find, cache = context.find_terms, {}

    def find_terms(text: str, side: str) -> Sequence[TermMatch]:
        key = (text, side)
        if key not in cache:
            if size is not None and len(cache) >= size:
                cache.pop(next(iter(cache)))
            cache[key] = find(text, side)
        return cache[key]

    return replace(context, find_terms=find_terms)


class _Untagged:
    """A row with its inline tags stripped, for the checks that compare words, and the way back: spans and
    fix edits map onto the tagged text through segments.tag_edits, so none cuts or drops a tag."""

    def __init__(self, row: QaRow) -> None:
        self.tagged = row
        source, self._source = untagged_with_offsets(row.source)
        target, self._target = untagged_with_offsets(row.target)
        self.row = QaRow(row.key, source, target, untagged(row.mt))

    def issue(self, issue: Issue) -> Issue:
        offsets = self._source if issue.side == "source" else self._target
        spans = tuple(span_back(span, offsets) for span in issue.spans)
        fixes = tuple(Fix(tuple(self._edit_back(e) for e in f.edits), f.kind) for f in issue.fixes)
        return replace(issue, spans=spans, fixes=fixes)

    def _edit_back(self, edit: Edit) -> Edit:
        # An insertion goes right after the character before it: "value.<1>The" gets "value. <1>The".
        return Edit(*replacement_back(self.tagged.target, self._target, edit.start, edit.end, edit.text))


def _tagged(row: QaRow) -> bool:
    return has_tags(row.target) or has_tags(row.source) or has_tags(row.mt)


def _untagged(rows: Sequence[QaRow]) -> dict[Hashable, _Untagged]:
    return {row.key: _Untagged(row) for row in rows if _tagged(row)}


def _run_row(row: QaRow, context: QaContext, checks: tuple[Check, ...]) -> list[Issue]:
    has_source = bool(row.source.strip())
    stripped = _Untagged(row) if _tagged(row) else None
    issues: list[Issue] = []
    for check in checks:
        if not (has_source or not check.needs_source):
            continue
        if stripped is None or check.tagged:
            issues.extend(_issues(check, check.func(row, context)))  # type: ignore[arg-type]
        else:
            found = _issues(check, check.func(stripped.row, context))  # type: ignore[arg-type]
            issues.extend(stripped.issue(issue) for issue in found)
    return issues


def check_row(row: QaRow, context: QaContext, enabled: Collection[str] | None = None) -> list[Issue]:
    """Run the row-scope checks (all, or the ``enabled`` ids) on one row; issues sorted by position."""
    return sorted(_run_row(row, _memoised(context), _active(_ROW_CHECKS, enabled)), key=_sort_key)


def check_rows(rows: Sequence[QaRow], context: QaContext,
               enabled: Collection[str] | None = None) -> dict[Hashable, list[Issue]]:
    """``check_row`` of every row (by key), computed check by check rather than row by row.

    The same issues in the same order; but one check's code and data stay in the processor's caches from row
    to row, and each text's glossary terms are looked up once for all checks: on 20,000 rows, glossary
    look-ups took half the time when they did not alternate with the other checks."""
    with batch_gc():
        return _check_rows(rows, context, enabled, _untagged(rows))


def _check_rows(rows: Sequence[QaRow], context: QaContext, enabled: Collection[str] | None,
                stripped: dict[Hashable, _Untagged]) -> dict[Hashable, list[Issue]]:
    memo, checks = _memoised(context, size=None), _active(_ROW_CHECKS, enabled)
    result: dict[Hashable, list[Issue]] = {row.key: [] for row in rows}
    with_source = [row for row in rows if row.source.strip()]
    for check in checks:
        for row in with_source if check.needs_source else rows:
            back = stripped.get(row.key)
            if back is None or check.tagged:
                result[row.key].extend(_issues(check, check.func(row, memo)))  # type: ignore[arg-type]
            else:
                found = _issues(check, check.func(back.row, memo))  # type: ignore[arg-type]
                result[row.key].extend(back.issue(issue) for issue in found)
    for issues in result.values():
        issues.sort(key=_sort_key)
    return result


def check_document(rows: Sequence[QaRow], context: QaContext,
                   enabled: Collection[str] | None = None) -> dict[Hashable, list[Issue]]:
    """Run row checks on every row plus the document checks; every row key is present in the result."""
    with batch_gc():
        return _check_document(rows, context, enabled)


def _check_document(rows: Sequence[QaRow], context: QaContext, enabled: Collection[str] | None
                    ) -> dict[Hashable, list[Issue]]:
    stripped = _untagged(rows)
    result = _check_rows(rows, context, enabled, stripped)
    plain = [stripped[row.key].row if row.key in stripped else row for row in rows]
    with_source = [row for row in plain if row.source.strip()]
    for check in _active(_DOCUMENT_CHECKS, enabled):
        for key, finding in check.func(with_source if check.needs_source else plain, context):  # type: ignore[arg-type]
            back = stripped.get(key)
            result[key].extend(back.issue(i) if back else i for i in _issues(check, (finding,)))
    for issues in result.values():
        issues.sort(key=_sort_key)
    return result


def checks_markdown(checks: Sequence[Check] = ALL_CHECKS) -> str:
    """The checks as a Markdown table (id, severity, scope, what it catches, example) for the README."""
    lines = ["| Check | Severity | Scope | What it catches | Example |", "|---|---|---|---|---|"]
    for c in checks:
        scope = c.scope + (", needs source" if c.needs_source else "")
        cells = (f"`{c.id}`", c.severity.value, scope, f"**{c.title}.** {c.description}", c.example)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
