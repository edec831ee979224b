"""Positions of a document's rows and sentences when many runs of them are rebuilt at once.

Rebuilding one run shifts every row after it (`structure`); rebuilding hundreds that way moves the rest of
the document hundreds of times. Instead the positions are spread apart first (multiplied), each run is
rebuilt in the room after its first position, and the document is numbered 0..n-1 again in one statement.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from webapp.models import Link, Sentence


def spread(session: Session, document_id: int, links_by: int, sentences_by: int) -> None:
    """Multiply the positions of the document's rows and sentences, leaving room after each."""
    for model, factor in ((Link, links_by), (Sentence, sentences_by)):
        session.execute(update(model).where(model.document_id == document_id)
                        .values(position=model.position * factor)
                        .execution_options(synchronize_session="fetch"))


def renumber(session: Session, document_id: int) -> None:
    """Number the document's rows 0..n-1, and each side's sentences, again in the order they are in."""
    session.flush()
    for model, partition in ((Link, None), (Sentence, Sentence.side)):
        rank = func.row_number().over(partition_by=partition, order_by=(model.position, model.id)) - 1
        ranked = select(model.id, rank.label("rank")).where(model.document_id == document_id).subquery()
        session.execute(update(model).where(model.id == ranked.c.id).values(position=ranked.c.rank)
                        .execution_options(synchronize_session=False))
    for stale in list(session.identity_map.values()):
        if isinstance(stale, Link | Sentence) and stale.document_id == document_id:
            session.expire(stale, ["position"])
