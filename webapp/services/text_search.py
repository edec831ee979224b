"""Plain-text search in SQL: the one way a column is asked whether it holds a piece of text."""

from __future__ import annotations

from sqlalchemy import ColumnElement


def holding(column, text: str, *, case_sensitive: bool = True) -> ColumnElement[bool]:
    """A LIKE condition: the column holds `text`, whose %, _ and backslash are taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = column.like if case_sensitive else column.ilike
    return like(f"%{escaped}%", escape="\\")
