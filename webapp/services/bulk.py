"""Rewriting many of a document's rows and sentences at once (a re-segmentation and its undo).

Each kind of change is one Core statement sent with one parameter set per row, so any number of rows costs
the same few statements (through the unit of work, one row at a time, 300 paragraphs took 15 s to rebuild
and 29 s to restore). New positions are computed in Python from the order the rows will be in, and only
those that change are written.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Executable, bindparam, delete, exists, insert, update
from sqlalchemy.engine import Result
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from webapp.models import Comment, Document, Link, QaIgnore, Sentence


def execute_many(session: Session, statement: Executable, rows: list[dict]) -> Result | None:
    """`statement` once per parameter set of `rows`, sent as one statement; nothing when there are none."""
    return session.execute(statement, rows) if rows else None


def forget(session: Session, document_id: int, gone: Collection[int] = ()) -> None:
    """After Core statements rewrote the document's rows and sentences: the objects the session holds of
    them are read again when next used, those of rows deleted (ids `gone`) are dropped, and the document's
    list of rows is read again."""
    for held in list(session.identity_map.values()):
        if isinstance(held, Link) and held.id in gone:
            session.expunge(held)
        elif isinstance(held, Link | Sentence) and held.document_id == document_id:
            session.expire(held)
        elif isinstance(held, Document) and held.id == document_id:
            session.expire(held, ["links"])


_LINKS, _SENTENCES = Link.__table__, Sentence.__table__
# What a rebuilt or restored row and sentence get, each value as parameter "new_<field>".
LINK_FIELDS = ("position", "paragraph", "score", "target", "status", "updated_at", "updated_by",
               "source_hash", "target_hash")
SENTENCE_FIELDS = ("side", "position", "paragraph", "text", "lead", "tail", "original", "link_id")
NEW_LINKS = insert(_LINKS).returning(_LINKS.c.id, sort_by_parameter_order=True)
NEW_SENTENCES = insert(_SENTENCES).returning(_SENTENCES.c.id, sort_by_parameter_order=True)
# The version in WHERE refuses a row saved meanwhile by another transaction (see `check_saved`).
SET_LINK = (update(_LINKS).where(_LINKS.c.id == bindparam("row_id"), _LINKS.c.version == bindparam("seen"))
            .values(version=bindparam("new_version"), **{f: bindparam(f"new_{f}") for f in LINK_FIELDS}))
SET_SENTENCE = update(_SENTENCES).where(_SENTENCES.c.id == bindparam("sentence_id")).values(
    {f: bindparam(f"new_{f}") for f in SENTENCE_FIELDS})
MOVE_LINK = update(_LINKS).where(_LINKS.c.id == bindparam("row_id")).values(position=bindparam("to"))
MOVE_SENTENCE = update(_SENTENCES).where(_SENTENCES.c.id == bindparam("sentence_id")).values(
    position=bindparam("to"))
DELETE_LINK = delete(_LINKS).where(_LINKS.c.id == bindparam("row_id"))
DELETE_SENTENCE = delete(_SENTENCES).where(_SENTENCES.c.id == bindparam("sentence_id"))
_COMMENTS, _IGNORES = Comment.__table__, QaIgnore.__table__
_HELD = _IGNORES.alias("held")
_HAND_COMMENTS = update(_COMMENTS).where(_COMMENTS.c.link_id == bindparam("from_id")).values(
    link_id=bindparam("to_id"))
# An ignore the receiving row already holds stays once (the key is unique); the other copy goes with its row.
_HAND_IGNORES = update(_IGNORES).where(
    _IGNORES.c.link_id == bindparam("from_id"),
    ~exists().where(_HELD.c.link_id == bindparam("to_id"), _HELD.c.check_id == _IGNORES.c.check_id,
                    _HELD.c.fingerprint == _IGNORES.c.fingerprint)).values(link_id=bindparam("to_id"))


def hand_over(session: Session, heirs: dict[int, int]) -> None:
    """Give the review work of rows about to be deleted (comments, ignored warnings) to the rows that take
    their place (`heirs`: deleted row id -> row id): the database would delete it with the row."""
    moves = [{"from_id": gone, "to_id": heir} for gone, heir in heirs.items()]
    execute_many(session, _HAND_COMMENTS, moves)
    execute_many(session, _HAND_IGNORES, moves)


def set_links(session: Session, rows: list[dict]) -> None:
    """`SET_LINK` for every row; StaleDataError if one of them was saved meanwhile (nothing is kept)."""
    saved = execute_many(session, SET_LINK, rows)
    if saved is not None and saved.rowcount != len(rows):
        raise StaleDataError("a row was changed by someone else meanwhile")


def link_params(row_id: int, version: int, values: dict) -> dict:
    """The parameters of `SET_LINK` giving row `row_id`, now at `version`, these `values`."""
    return {"row_id": row_id, "seen": version, "new_version": version + 1,
            **{f"new_{f}": values[f] for f in LINK_FIELDS}}


def sentence_params(sentence_id: int, values: dict) -> dict:
    """The parameters of `SET_SENTENCE` giving sentence `sentence_id` these `values`."""
    return {"sentence_id": sentence_id, **{f"new_{f}": values[f] for f in SENTENCE_FIELDS}}
