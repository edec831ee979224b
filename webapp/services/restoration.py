"""Undo of an operation that rebuilt many runs of rows at once (a re-segmentation), in bulk statements.

Each run holds the snapshot of the rows it replaced and what it left (`structure.snapshot`,
`structure.fingerprint`). The document's order is read once, each run's result is replaced by its snapshot
where it stands, and every row and sentence is numbered again in that order; the writes are one statement
per kind of change however many runs there are (one run at a time, 300 runs took 29 s to undo).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, selectinload

from webapp.models import Link, Revision, Sentence, Side, text_hash, utcnow
from webapp.services import bulk
from webapp.services.bulk import execute_many
from webapp.services.errors import Conflict

_HANDED_BACK = update(Revision.__table__).where(Revision.__table__.c.id == bindparam("revision_id")).values(
    link_id=bindparam("to_id"))


def undo_runs(session: Session, document_id: int, runs: Sequence[dict], author: str) -> list[Link]:
    """Put back every run's snapshot exactly, with the same ids; refuse if a row of a result changed since.
    Answers the restored rows in document order."""
    links = session.execute(select(Link.id, Link.position, Link.target, Link.status, Link.version)
                            .where(Link.document_id == document_id).order_by(Link.position)).all()
    sentences = session.execute(select(Sentence.id, Sentence.link_id, Sentence.side, Sentence.position)
                                .where(Sentence.document_id == document_id)
                                .order_by(Sentence.side, Sentence.position)).all()
    _refuse_if_changed(runs, links, sentences)
    link_order, sentence_order = _order(runs, links, sentences)
    befores = [run["before"] for run in runs]
    _restore_links(session, link_order, {link.id: link.version for link in links}, befores, author)
    restored = _restore_sentences(session, sentence_order, {s.id for s in sentences})
    execute_many(session, _HANDED_BACK, [{"revision_id": revision_id, "to_id": int(link_id)}
                                         for before in befores for link_id, ids in before["revisions"].items()
                                         for revision_id in ids])
    execute_many(session, bulk.DELETE_SENTENCE, [{"sentence_id": i} for run in runs
                                                 for i in run["after"]["sentences"] if i not in restored])
    records = {record["id"] for before in befores for record in before["links"]}
    gone = {record["id"] for run in runs for record in run["after"]["links"]} - records
    # what reviewers did since on a row undo removes goes to the first row restored in its place
    bulk.hand_over(session, {record["id"]: min(run["before"]["links"], key=lambda r: r["position"])["id"]
                             for run in runs for record in run["after"]["links"] if record["id"] in gone})
    execute_many(session, bulk.DELETE_LINK, [{"row_id": link_id} for link_id in gone])
    bulk.forget(session, document_id, gone)
    return list(session.scalars(select(Link).where(Link.id.in_(list(records))).order_by(Link.position)
                                .options(selectinload(Link.sentences))))


def _restore_links(session: Session, order: Sequence, versions: dict[int, int], befores: Sequence[dict],
                   author: str) -> None:
    """Write the snapshots' rows where `order` puts them and move the other rows that change place; the
    rows the operation deleted come back with their old ids."""
    now, hashes = utcnow(), _hashes(befores)
    restored, moved = [], []
    for position, item in enumerate(order):
        if isinstance(item, dict):
            restored.append({**item, "position": position, "updated_at": now, "updated_by": author,
                             **hashes[item["id"]]})
        elif item.position != position:
            moved.append({"row_id": item.id, "to": position})
    # A row back from deletion gets a fresh version number, past any a client may still hold for it.
    old = {int(k): v for before in befores for k, v in before["versions"].items()}
    execute_many(session, insert(Link.__table__), [{**row, "version": old[row["id"]] + 1, "created_at": now}
                                                   for row in restored if row["id"] not in versions])
    bulk.set_links(session, [bulk.link_params(row["id"], versions[row["id"]], row)
                             for row in restored if row["id"] in versions])
    execute_many(session, bulk.MOVE_LINK, moved)


def _restore_sentences(session: Session, order: dict[str, list], existing: set[int]) -> set[int]:
    """Write the snapshots' sentences where `order` puts them, as `_restore_links` does the rows; answer
    their ids."""
    restored, moved = [], []
    for side_order in order.values():
        for position, item in enumerate(side_order):
            if isinstance(item, dict):
                restored.append({**item, "position": position})
            elif item.position != position:
                moved.append({"sentence_id": item.id, "to": position})
    execute_many(session, insert(Sentence.__table__), [row for row in restored if row["id"] not in existing])
    execute_many(session, bulk.SET_SENTENCE, [bulk.sentence_params(row["id"], row)
                                              for row in restored if row["id"] in existing])
    execute_many(session, bulk.MOVE_SENTENCE, moved)
    return {row["id"] for row in restored}


def _refuse_if_changed(runs: Sequence[dict], links: Sequence, sentences: Sequence) -> None:
    """Conflict unless every row a run left still holds exactly that (`structure.fingerprint`)."""
    held: dict[int, list[int]] = defaultdict(list)
    for s in sentences:
        held[s.link_id].append(s.id)
    now = {link.id: {"id": link.id, "target": link.target, "status": link.status,
                     "sentences": sorted(held[link.id])} for link in links}
    if any(now.get(record["id"]) != record for run in runs for record in run["after"]["links"]):
        raise Conflict("a row changed after this operation; undo that first, or edit by hand")


def _order(runs: Sequence[dict], links: Sequence, sentences: Sequence) -> tuple[list, dict[str, list]]:
    """The document's rows, and each side's sentences, in their order once restored: what stays as it is
    (read rows), and each run's snapshot (records) where its result stands."""
    run_of_link = {record["id"]: i for i, run in enumerate(runs) for record in run["after"]["links"]}
    run_of_sentence = {sentence: i for i, run in enumerate(runs) for sentence in run["after"]["sentences"]}
    link_order: list = []
    placed: set = set()
    for link in links:
        i = run_of_link.get(link.id)
        if i is None:
            link_order.append(link)
        elif i not in placed:
            placed.add(i)
            link_order += sorted(runs[i]["before"]["links"], key=lambda r: r["position"])
    sentence_order: dict[str, list] = defaultdict(list)
    for s in sentences:
        i = run_of_sentence.get(s.id)
        if i is None:
            sentence_order[s.side].append(s)
        elif (i, s.side) not in placed:
            placed.add((i, s.side))
            mine = (r for r in runs[i]["before"]["sentences"] if r["side"] == s.side)
            sentence_order[s.side] += sorted(mine, key=lambda r: r["position"])
    return link_order, sentence_order


def _hashes(befores: Sequence[dict]) -> dict[int, dict[str, str]]:
    """Row id -> its text hashes once restored (as `Link.rehash` computes them)."""
    texts: dict[int, dict[str, list]] = defaultdict(lambda: {Side.SOURCE: [], Side.MT: []})
    for before in befores:
        for record in before["sentences"]:
            texts[record["link_id"]][record["side"]].append(record)
    hashes = {}
    for before in befores:
        for record in before["links"]:
            source, mt = (" ".join(s["text"] for s in sorted(texts[record["id"]][side],
                                                              key=lambda s: s["position"]))
                          for side in (Side.SOURCE, Side.MT))
            final = mt if record["target"] is None else record["target"]
            hashes[record["id"]] = {"source_hash": text_hash(source), "target_hash": text_hash(final)}
    return hashes
