"""Finding rows: filters (status, QA, comments, text or regular expression) and find & replace over them.

Text is matched with its inline tags stripped, so "lead story" finds "lead<1/> story"; a replacement keeps
the tags of the text it replaces (segments.tag_edits), so find & replace never loses one."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex as _regex  # `re` syntax plus the time limit `re` lacks: a user's pattern may backtrack for hours
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from segments.tag_edits import replace_untagged
from segments.tags import has_tags, untagged
from webapp.models import Comment, Link, Operation
from webapp.services.editing import Edit, check_versions, save_links, start_operation
from webapp.services.errors import InvalidInput
from webapp.services.qa import flagged_link_ids, link_texts

FIELDS = ("any", "source", "mt", "target")
MAX_PATTERN_CHARS = 1_000
PATTERN_SECONDS = 2.0  # what one filter or replacement may spend in a user's pattern, over all rows


@dataclass(frozen=True)
class RowFilter:
    """Which rows to show: all conditions must hold; empty ones are ignored."""

    status: tuple[str, ...] = ()
    has_qa: bool | None = None
    has_comment: bool | None = None
    text: str = ""
    where: str = "any"
    regex: bool = False
    case: bool = False

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> RowFilter:
        """The filter in a request's arguments or a job's parameters (other keys are ignored)."""
        return cls(status=tuple(values.get("status") or ()), has_qa=values.get("has_qa"),
                   has_comment=values.get("has_comment"), text=values.get("text", ""),
                   where=values.get("where", "any"), regex=values.get("regex", False),
                   case=values.get("case", False))

    @property
    def is_empty(self) -> bool:
        return not (self.status or self.text or self.has_qa is not None or self.has_comment is not None)


@dataclass(frozen=True)
class Change:
    """One row a replacement would change: its correction before and after."""

    link: Link
    before: str
    after: str


@dataclass(frozen=True)
class Pattern:
    """A user's search text, compiled, with a deadline shared by every text one request runs it on."""

    compiled: _regex.Pattern
    deadline: float

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _too_slow()
        return left

    def search(self, text: str) -> _regex.Match | None:
        try:
            return self.compiled.search(text, timeout=self._left())
        except TimeoutError:
            raise _too_slow() from None

    def sub(self, replace: str | Callable, text: str) -> str:
        try:
            return self.compiled.sub(replace, text, timeout=self._left())
        except TimeoutError:
            raise _too_slow() from None

    def finditer(self, text: str) -> list[_regex.Match]:
        try:
            return list(self.compiled.finditer(text, timeout=self._left()))
        except TimeoutError:
            raise _too_slow() from None


def _too_slow() -> InvalidInput:
    return InvalidInput(f"the regular expression took more than {PATTERN_SECONDS:g} s over this document: "
                        "simplify it (nested repeats such as (a|aa)+ backtrack without end)", field="text")


def compile_pattern(text: str, *, regex: bool, case: bool) -> Pattern:
    """The search text as a compiled pattern; a bad regular expression is a clear InvalidInput."""
    if len(text) > MAX_PATTERN_CHARS:
        raise InvalidInput(f"the search text is longer than {MAX_PATTERN_CHARS} characters")
    try:
        compiled = _regex.compile(text if regex else re.escape(text), 0 if case else _regex.IGNORECASE)
    except _regex.error as error:
        raise InvalidInput(f"invalid regular expression: {error}", field="text") from None
    return Pattern(compiled, time.monotonic() + PATTERN_SECONDS)


def qa_link_ids(session: Session, document_id: int) -> set[int]:
    """Rows with a stored QA warning that nobody ignored."""
    return flagged_link_ids(session, document_id)


def matching_ids(session: Session, document_id: int, rows: RowFilter) -> list[int]:
    """The ids of the document's rows that pass the filter, in document order."""
    columns = (Link.id, Link.target) if rows.text else (Link.id,)  # the correction only when searching text
    query = select(*columns).where(Link.document_id == document_id).order_by(Link.position)
    if rows.status:
        query = query.where(Link.status.in_(rows.status))
    if rows.has_comment is not None:
        commented = select(Comment.id).where(Comment.link_id == Link.id).exists()
        query = query.where(commented if rows.has_comment else ~commented)
    found = session.execute(query).all()
    if rows.has_qa is not None:
        flagged = qa_link_ids(session, document_id)
        found = [r for r in found if (r.id in flagged) == rows.has_qa]
    if not rows.text:
        return [r.id for r in found]
    pattern = compile_pattern(rows.text, regex=rows.regex, case=rows.case)
    texts = link_texts(session, document_id)
    return [r.id for r in found if _matches(pattern, rows.where, texts.get(r.id), r.target)]


def _matches(pattern: Pattern, where: str, texts: dict[str, str] | None, target: str | None) -> bool:
    texts = texts or {"source": "", "mt": ""}
    values = {**texts, "target": texts["mt"] if target is None else target}
    fields = ("source", "mt", "target") if where == "any" else (where,)
    return any(pattern.search(untagged(values[f])) for f in fields)


def links_by_ids(session: Session, document_id: int, ids: Sequence[int]) -> list[Link]:
    """The document's links among `ids`, with their sentences, in document order."""
    query = (select(Link).where(Link.document_id == document_id, Link.id.in_(list(ids)))
             .order_by(Link.position).options(selectinload(Link.sentences)))
    return list(session.scalars(query))


def row_page(session: Session, document_id: int, rows: RowFilter, offset: int, limit: int
             ) -> tuple[int, list[Link]]:
    """One page of the filtered rows and how many pass the filter."""
    if rows.is_empty:
        total = session.scalar(select(func.count(Link.id)).where(Link.document_id == document_id)) or 0
        page = session.scalars(
            select(Link).where(Link.document_id == document_id).order_by(Link.position)
            .offset(offset).limit(limit).options(selectinload(Link.sentences))).all()
        return total, list(page)
    ids = matching_ids(session, document_id, rows)
    return len(ids), links_by_ids(session, document_id, ids[offset:offset + limit])


def _replacer(find: str, replace: str, *, regex: bool, case: bool) -> Callable[[str], str]:
    pattern = compile_pattern(find, regex=regex, case=case)

    def found(plain: str) -> list[tuple[int, int, str]]:
        matches = pattern.finditer(plain)
        return [(m.start(), m.end(), m.expand(replace) if regex else replace) for m in matches]

    def apply(text: str) -> str:
        try:
            if not has_tags(text):
                return pattern.sub(replace if regex else lambda _match: replace, text)
            return replace_untagged(text, found)
        except (_regex.error, IndexError) as error:
            raise InvalidInput(f"invalid replacement: {error}", field="replace") from None

    return apply


def preview_replace(session: Session, document_id: int, rows: RowFilter, *, find: str, replace: str,
                    regex: bool = False, case: bool = False) -> list[Change]:
    """Every change replacing `find` by `replace` in the corrections of the filtered rows would make."""
    if not find:
        raise InvalidInput("say what to find", field="find")
    apply = _replacer(find, replace, regex=regex, case=case)
    links = links_by_ids(session, document_id, matching_ids(session, document_id, rows))
    changes = [Change(link, link.final_text, apply(link.final_text)) for link in links]
    return [change for change in changes if change.after != change.before]


def apply_asked_replace(session: Session, document_id: int, asked: Mapping[str, Any], *, author: str
                        ) -> tuple[Operation, list[Change]]:
    """apply_replace() with its arguments as a request or a job holds them (rows as [id, version] pairs)."""
    return apply_replace(session, document_id, RowFilter.of(asked["filter"]), dict(asked["rows"]),
                         find=asked["find"], replace=asked["replace"], regex=asked["regex"],
                         case=asked["case"], author=author, max_chars=asked["max_chars"])


def apply_replace(session: Session, document_id: int, rows: RowFilter, expected: dict[int, int], *,
                  find: str, replace: str, regex: bool = False, case: bool = False, author: str,
                  max_chars: int = 20_000) -> tuple[Operation, list[Change]]:
    """Apply the previewed replacement (rows id → version as previewed) as one undoable operation."""
    changes = preview_replace(session, document_id, rows, find=find, replace=replace, regex=regex, case=case)
    check_versions([c.link for c in changes], expected, "the rows to replace in")
    operation = start_operation(session, document_id, "replace", author, find=find, replace=replace)
    save_links(session, [Edit(change.link, change.after) for change in changes], author=author,
               max_chars=max_chars, operation=operation)
    return operation, changes
