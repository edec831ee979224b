"""Re-segmentation: split an imported document again with its project's current settings (；/：, extra
abbreviations) and rebuild only the paragraphs whose sentences change.

The text is split again from what was imported (`Document.mt_original` / `source_original`), as an import
splits it, so paragraph indices, which map rows to the blocks of a kept original file, stay what they were;
a changed paragraph's sentences are aligned as an import aligns them. Work goes by "block": the paragraphs
of both sides that share rows (usually source paragraph k with MT paragraph k). A block holding a
reviewer's work (a correction, a status, a comment, an ignored warning, a split or merge by hand) is left
alone and named. The whole is one operation: each rebuilt block is a run that structure undo restores
exactly (`structure.undo_structure`), so undo takes all of it back in one step.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from segments.qa import QaRow
from webapp.models import (
    Comment,
    Document,
    Link,
    Operation,
    QaIgnore,
    Revision,
    Sentence,
    Side,
    Status,
    text_hash,
    utcnow,
)
from webapp.services import bulk, qa, structure
from webapp.services import documents as docs
from webapp.services.bulk import execute_many
from webapp.services.errors import Conflict, InvalidInput
from webapp.services.projects import ProjectSettings

KIND = "resegment"
# Splits and merges made by hand are a reviewer's work; a re-segmentation of its own is not.
HAND_KINDS = tuple(kind for kind in structure.STRUCTURAL_KINDS if kind != KIND)
_SPACE = re.compile(r"\s+")

Node = tuple[str, int]  # (side, paragraph)


@dataclass(frozen=True)
class Skipped:
    """A block left as it is: its rows (numbered from 1) and why."""

    rows: tuple[int, ...]
    reason: str


@dataclass
class Outcome:
    """What a re-segmentation did, or would do (`dry_run`)."""

    dry_run: bool
    paragraphs: int = 0
    rows_before: int = 0
    rows_after: int = 0
    changed_rows: list[int] = field(default_factory=list)  # the rows rebuilt, numbered as they were
    new_rows: int = 0  # how many rows they became
    skipped: list[Skipped] = field(default_factory=list)  # numbered as they are after the change
    versions: dict[int, int] = field(default_factory=dict)  # row id -> version of each row rebuilt
    operation_id: int | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["versions"] = {str(k): v for k, v in self.versions.items()}
        return data

    def headline(self) -> str:
        """What changed (or would), in one line, without the skipped paragraphs."""
        if not self.paragraphs:
            return "no paragraph splits differently with the project's current settings"
        one, changed = self.paragraphs == 1, len(self.changed_rows)
        verb = "would be" if self.dry_run else "was" if one else "were"
        return (f"{self.paragraphs} paragraph{'' if one else 's'} {verb} re-split: {_rows(changed)} "
                f"become{'s' * (changed == 1)} {self.new_rows} "
                f"(the document: {self.rows_before} → {self.rows_after} rows)")

    def summary(self) -> str:
        """The headline and each skipped paragraph with its reason."""
        return self.headline() + "".join(f"; skipped rows {_numbers(skip.rows)}: {skip.reason}"
                                         for skip in self.skipped)


def _rows(count: int) -> str:
    return f"{count} row{'s' * (count != 1)}"


def _numbers(rows: Sequence[int]) -> str:
    return f"{rows[0]}–{rows[-1]}" if len(rows) > 1 and rows[-1] - rows[0] == len(rows) - 1 else \
        ", ".join(map(str, rows))


@dataclass
class _Block:
    """Paragraphs of both sides that share rows, their rows in order, and what they split into now."""

    nodes: set[Node]
    links: list = field(default_factory=list)  # (id, position, target, status, version) rows
    pieces: dict[str, list] = field(default_factory=dict)  # side -> (paragraph, piece) pairs, fresh
    groups: list[docs.Group] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # side -> sentences
    first: int = 0  # where its rows start once the document is numbered again (`_place`)
    starts: dict[str, int] = field(default_factory=dict)  # side -> where its sentences start, likewise

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(link.position + 1 for link in self.links)


def resegment(session: Session, document: Document, *, author: str, dry_run: bool = False,
              versions: Mapping[int, int] | None = None) -> Outcome:
    """Re-split `document` with its project's settings, rebuilding the blocks whose sentences change;
    with `versions` (row id -> version, as a dry run answered), refuse if the rows changed since."""
    # Every field a snapshot keeps, so that applying reads nothing more.
    links = session.execute(select(*(getattr(Link, f) for f in structure.LINK_FIELDS), Link.version)
                            .where(Link.document_id == document.id).order_by(Link.position)).all()
    sentences = session.execute(select(*(getattr(Sentence, f) for f in structure.SENTENCE_FIELDS))
                                .where(Sentence.document_id == document.id)
                                .order_by(Sentence.side, Sentence.position)).all()
    _refuse_unsplittable(document, sentences)
    fresh = _fresh_split(document, sentences)
    outcome = Outcome(dry_run=dry_run, rows_before=len(links), rows_after=len(links))
    rebuilt, skipped = [], []
    reviewed = _reviewed(session, document)
    texts: dict[Node, list[str]] = defaultdict(list)
    for s in sentences:
        texts[(s.side, s.paragraph)].append(s.text)
    for block in _blocks(links, sentences):
        current = {node: texts[node] for node in block.nodes}
        if all(current[node] == [piece.content for _, piece in fresh.get(node, [])] for node in block.nodes):
            continue
        reason = _mismatch(block, current, fresh)
        if reason or _review_reason(block, reviewed, block.numbers):
            skipped.append((block, reason))
            continue
        for side in (Side.SOURCE, Side.MT):
            block.pieces[side] = [p for node in sorted(n for n in block.nodes if n[0] == side)
                                  for p in fresh[node]]
        rebuilt.append(block)
    _check_versions(links, rebuilt, versions)
    _align(session, document, rebuilt)
    outcome.paragraphs = len(rebuilt)
    outcome.changed_rows = [n for block in rebuilt for n in block.numbers]
    outcome.new_rows = sum(len(block.groups) for block in rebuilt)
    outcome.rows_after = len(links) - len(outcome.changed_rows) + outcome.new_rows
    outcome.versions = {link.id: link.version for block in rebuilt for link in block.links}
    for block, reason in skipped:
        numbers = _numbers_after(block, rebuilt if not dry_run else ())
        outcome.skipped.append(Skipped(numbers, reason or _review_reason(block, reviewed, numbers)))
    if not dry_run and rebuilt:
        outcome.operation_id = _apply(session, document, rebuilt, links, sentences, author).id
    return outcome


def versions_of(data: Mapping[str, int] | None) -> dict[int, int] | None:
    """Row versions as JSON carries them (ids as text), as `resegment` takes them."""
    return None if data is None else {int(k): v for k, v in data.items()}


def _numbers_after(block: _Block, rebuilt: Sequence[_Block]) -> tuple[int, ...]:
    """The block's row numbers once the blocks before it are rebuilt, as the reviewer will see them."""
    first = block.links[0].position
    shift = sum(len(b.groups) - len(b.links) for b in rebuilt if b.links[0].position < first)
    return tuple(number + shift for number in block.numbers)


def _refuse_unsplittable(document: Document, sentences: Sequence) -> None:
    if document.source_original is None and any(s.side == Side.SOURCE for s in sentences):
        raise InvalidInput("this document was imported from a bilingual file: its rows are the file's units "
                           "and there is no source text to split again")


def _fresh_split(document: Document, sentences: Sequence) -> dict[Node, list]:
    """(side, paragraph) -> (paragraph, piece) pairs of the imported texts split with today's settings.

    Hard-wrapped lines are joined again where the import joined them: a side that has a sentence kept in
    its uploaded form was imported with joining on (joining leaves every other side unchanged)."""
    settings = ProjectSettings.of(document.project)
    fresh: dict[Node, list] = defaultdict(list)
    texts = ((Side.SOURCE, document.source_original, document.src_lang),
             (Side.MT, document.mt_original, document.tgt_lang))
    for side, text, lang in texts:
        if text is None:
            continue
        joined = any(s.original is not None for s in sentences if s.side == side)
        for paragraph, piece in docs.split_text(text, lang, settings, join_wrapped=joined):
            fresh[(side, paragraph)].append((paragraph, piece))
    return fresh


def _blocks(links: Sequence, sentences: Sequence) -> list[_Block]:
    """The rows grouped into blocks: a row joins every paragraph its sentences belong to."""
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    nodes_of: dict[int, set[Node]] = defaultdict(set)
    positions: dict[int, list] = defaultdict(list)
    for s in sentences:
        nodes_of[s.link_id].add((s.side, s.paragraph))
        positions[s.link_id].append((s.side, s.position))
    for nodes in nodes_of.values():
        first, *rest = nodes
        for node in rest:
            parent[root(node)] = root(first)
    blocks: dict[Node, _Block] = {}
    for link in links:  # in position order, so each block's rows are in order and blocks come in order
        nodes = nodes_of.get(link.id)
        if nodes:
            block = blocks.setdefault(root(next(iter(nodes))), _Block(set()))
            block.nodes |= nodes
            block.links.append(link)
            for side, position in positions[link.id]:
                block.positions[side].append(position)
    return list(blocks.values())


def _mismatch(block: _Block, current: dict[Node, list[str]], fresh: dict[Node, list]) -> str:
    """Why the block cannot be rebuilt from the imported text, or ""."""
    for node, texts in current.items():
        now = _SPACE.sub("", "".join(texts))
        if now != _SPACE.sub("", "".join(piece.content for _, piece in fresh.get(node, []))):
            return "its sentences no longer match the text the document was imported from"
    positions = [link.position for link in block.links]
    adjacent = positions == list(range(positions[0], positions[0] + len(positions)))
    for mine in block.positions.values():
        adjacent = adjacent and sorted(mine) == list(range(min(mine), min(mine) + len(mine)))
    return "" if adjacent else "its rows are not next to each other (sentences were moved by hand)"


@dataclass
class _Reviewed:
    """Row ids holding a reviewer's work, by kind."""

    commented: set[int]
    ignored: set[int]
    restructured: set[int]


def _reviewed(session: Session, document: Document) -> _Reviewed:
    def ids(query) -> set[int]:
        return set(session.scalars(query.distinct()))

    hand = (select(Revision.link_id).join(Operation, Revision.operation_id == Operation.id)
            .where(Revision.document_id == document.id, Revision.field.in_(HAND_KINDS),
                   Operation.undone_at.is_(None)))
    return _Reviewed(ids(select(Comment.link_id).where(Comment.document_id == document.id)),
                     ids(select(QaIgnore.link_id).where(QaIgnore.document_id == document.id)), ids(hand))


def _review_reason(block: _Block, reviewed: _Reviewed, numbers: Sequence[int]) -> str:
    """What work of a reviewer the block holds, row by row ("row 3 corrected; row 4 confirmed"), or ""."""
    notes = []
    for link, number in zip(block.links, numbers, strict=True):
        work = ["corrected"] if link.target is not None else []
        if link.status != Status.NEW and not (work and link.status == Status.EDITED):
            work.append(link.status)
        work += [label for label, ids in (("commented", reviewed.commented), ("QA warning ignored",
                 reviewed.ignored), ("split or merged by hand", reviewed.restructured)) if link.id in ids]
        if work:
            notes.append(f"row {number} " + ", ".join(work))
    return "; ".join(notes)


def _check_versions(links: Sequence, blocks: Sequence[_Block], versions: Mapping[int, int] | None) -> None:
    """Refuse when the rows to rebuild are not those, at those versions, that the preview listed."""
    if versions is None:
        return
    now = {link.id: link for link in links}
    changed = [now[i] for i in versions if i in now and now[i].version != versions[i]]
    added = [link for block in blocks for link in block.links if link.id not in versions]
    if changed or added or any(i not in now for i in versions):
        rows = ", ".join(str(link.position + 1) for link in (changed + added)[:10]) or "some were removed"
        raise Conflict(f"the document changed since the preview (rows {rows}); nothing was re-segmented: "
                       "preview again", rows=[link.id for link in changed + added])


def _align(session: Session, document: Document, blocks: Sequence[_Block]) -> None:
    has_source = document.source_original is not None
    pairs = docs.term_pairs(session, document.project) if has_source and blocks else []
    for block in blocks:
        src, mt = block.pieces[Side.SOURCE], block.pieces[Side.MT]
        if has_source and src and mt:
            block.groups = docs.align_pieces(src, mt, document.src_lang, document.tgt_lang, pairs)
        else:
            block.groups = docs.pair_by_position(len(src), len(mt))


# The history of a row that goes is handed on to the block's first row, as a merge hands it on.
_HANDED_ON = update(Revision.__table__).where(Revision.__table__.c.link_id == bindparam("from_id")).values(
    link_id=bindparam("to_id"))


def _apply(session: Session, document: Document, blocks: Sequence[_Block], links: Sequence,
           sentences: Sequence, author: str) -> Operation:
    """Rebuild the blocks with bulk statements, the rest of the document numbered again in place; record
    each block's snapshot as one run that `structure.undo_structure` restores."""
    operation = Operation(document_id=document.id, kind=KIND, author=author)
    session.add(operation)
    session.flush()
    of_link: dict[int, list] = defaultdict(list)
    for s in sentences:
        of_link[s.link_id].append(s)
    revisions = _revision_ids(session, document.id)
    plans = [_Rebuild(document.id, block, [s for link in block.links for s in of_link[link.id]])
             for block in blocks]
    befores = [structure.snapshot_of(block.links, sorted(plan.sentences, key=lambda s: s.position),
                                     {str(link.id): revisions[link.id] for link in block.links})
               for block, plan in zip(blocks, plans, strict=True)]
    moved_links, moved_sentences = _place(links, sentences, blocks)
    now = utcnow()
    _insert_new(session, plans, now, author)
    execute_many(session, bulk.SET_SENTENCE, [row for plan in plans for row in plan.reused_sentences()])
    execute_many(session, bulk.MOVE_SENTENCE, moved_sentences)
    execute_many(session, bulk.DELETE_SENTENCE, [{"sentence_id": s.id} for plan in plans
                                                 for s in plan.gone_sentences()])
    bulk.set_links(session, [row for plan in plans for row in plan.kept_links(now, author)])
    execute_many(session, bulk.MOVE_LINK, moved_links)
    gone = [(plan.link_ids[0], link.id) for plan in plans for link in plan.block.links[len(plan.groups):]]
    execute_many(session, _HANDED_ON, [{"from_id": link_id, "to_id": first} for first, link_id in gone])
    execute_many(session, bulk.DELETE_LINK, [{"row_id": link_id} for _, link_id in gone])
    execute_many(session, insert(Revision.__table__), [
        {"document_id": document.id, "link_id": link_id, "operation_id": operation.id, "field": KIND,
         "old": None, "new": plan.text(index, Side.MT), "author": author, "created_at": now}
        for plan in plans for index, link_id in enumerate(plan.link_ids)])
    # Last block first, as the record has always been kept; undo finds each run where its rows stand.
    operation.data = json.dumps({"runs": [plan.record(before) for plan, before in
                                          reversed(list(zip(plans, befores, strict=True)))]})
    bulk.forget(session, document.id, {link_id for _, link_id in gone})
    qa.check_saved_rows(session, document, [row for plan in plans for row in plan.qa_rows()])
    document.touch(author)
    return operation


def _insert_new(session: Session, plans: Sequence[_Rebuild], now: datetime, author: str) -> None:
    """Insert the rows, then the sentences, that the blocks gain; give the plans their new ids."""
    new_links = [(plan, index) for plan in plans for index, link_id in enumerate(plan.link_ids)
                 if link_id is None]
    ids = execute_many(session, bulk.NEW_LINKS, [plan.link_row(i, now, author) for plan, i in new_links])
    for (plan, index), (link_id,) in zip(new_links, ids or (), strict=True):
        plan.link_ids[index] = link_id
    new_sentences = [(plan, side, index) for plan in plans for side, ids in plan.sentence_ids.items()
                     for index, sentence_id in enumerate(ids) if sentence_id is None]
    ids = execute_many(session, bulk.NEW_SENTENCES, [plan.sentence_row(side, i)
                                                     for plan, side, i in new_sentences])
    for (plan, side, index), (sentence_id,) in zip(new_sentences, ids or (), strict=True):
        plan.sentence_ids[side][index] = sentence_id


def _revision_ids(session: Session, document_id: int) -> dict[int, list[int]]:
    """Row id -> the ids of its revisions, in order, for the whole document in one query."""
    revisions: dict[int, list[int]] = defaultdict(list)
    for revision_id, link_id in session.execute(select(Revision.id, Revision.link_id).where(
            Revision.document_id == document_id, Revision.link_id.is_not(None)).order_by(Revision.id)):
        revisions[link_id].append(revision_id)
    return revisions


def _place(links: Sequence, sentences: Sequence, blocks: Sequence[_Block]) -> tuple[list[dict], list[dict]]:
    """Number the document again as it will be, each block's rows and sentences where its old ones started:
    set each block's first positions, answer the other rows and sentences whose position changes."""
    block_of = {link.id: block for block in blocks for link in block.links}
    moved_links, position = [], 0
    for link in links:  # in position order
        block = block_of.get(link.id)
        if block is None:
            if link.position != position:
                moved_links.append({"row_id": link.id, "to": position})
            position += 1
        elif link.id == block.links[0].id:
            block.first = position
            position += len(block.groups)
    moved_sentences, counters = [], defaultdict(int)
    for s in sentences:  # in position order on each side; a block's sentences are next to each other
        block = block_of.get(s.link_id)
        if block is None:
            if s.position != counters[s.side]:
                moved_sentences.append({"sentence_id": s.id, "to": counters[s.side]})
            counters[s.side] += 1
        elif s.side not in block.starts:
            block.starts[s.side] = counters[s.side]
            counters[s.side] += len(block.pieces[s.side])
    return moved_links, moved_sentences


class _Rebuild:
    """One block's new rows and sentences: its old ids reused in order, None for those still to insert."""

    def __init__(self, document_id: int, block: _Block, sentences: Sequence) -> None:
        self.document_id, self.block, self.sentences = document_id, block, sentences
        self.groups = block.groups
        self.old = {side: sorted((s for s in sentences if s.side == side), key=lambda s: s.position)
                    for side in (Side.SOURCE, Side.MT)}
        self.link_ids: list[int | None] = [link.id for link in block.links[: len(self.groups)]]
        self.link_ids += [None] * (len(self.groups) - len(self.link_ids))
        self.sentence_ids: dict[str, list[int | None]] = {
            side: [old[i].id if i < len(old) else None for i in range(self.count(side))]
            for side, old in self.old.items()}
        self.owner: dict[str, dict[int, int]] = {Side.SOURCE: {}, Side.MT: {}}  # side -> piece -> row
        for row, group in enumerate(self.groups):
            self.owner[Side.SOURCE].update(dict.fromkeys(group.src, row))
            self.owner[Side.MT].update(dict.fromkeys(group.mt, row))
        self.texts = [{side: " ".join(self.block.pieces[side][i][1].content for i in self._indices(row, side))
                       for side in (Side.SOURCE, Side.MT)} for row in range(len(self.groups))]

    def count(self, side: str) -> int:
        return len(self.block.pieces[side])

    def _indices(self, index: int, side: str) -> list[int]:
        group = self.groups[index]
        return sorted(group.src if side == Side.SOURCE else group.mt)

    def text(self, index: int, side: str) -> str:
        """Row `index`'s text of `side`, joined as Link.source_text and Link.mt_text join it."""
        return self.texts[index][side]

    def link_row(self, index: int, now: datetime, author: str) -> dict:
        group = self.groups[index]
        paragraph = (self.block.pieces[Side.MT][group.mt[0]] if group.mt
                     else self.block.pieces[Side.SOURCE][group.src[0]])[0]  # as an import numbers it
        return {"document_id": self.document_id, "position": self.block.first + index, "paragraph": paragraph,
                "score": group.score, "target": None, "status": Status.NEW.value, "version": 1,
                "created_at": now, "updated_at": now, "updated_by": author,
                "source_hash": text_hash(self.text(index, Side.SOURCE)),
                "target_hash": text_hash(self.text(index, Side.MT))}

    def kept_links(self, now: datetime, author: str) -> list[dict]:
        """Parameters of `_REBUILT_LINK` for the old rows the block keeps."""
        return [bulk.link_params(link.id, link.version, self.link_row(index, now, author))
                for index, link in enumerate(self.block.links[: len(self.groups)])]

    def sentence_row(self, side: str, index: int) -> dict:
        paragraph, piece = self.block.pieces[side][index]
        return {"document_id": self.document_id, "side": str(side), "paragraph": paragraph,
                "position": self.block.starts[side] + index, "text": piece.content, "lead": piece.lead,
                "tail": piece.tail, "original": piece.original if isinstance(piece, docs.Piece) else None,
                "link_id": self.link_ids[self.owner[side][index]]}

    def reused_sentences(self) -> list[dict]:
        """Parameters of `_REBUILT_SENTENCE` for the old sentences the block keeps."""
        return [bulk.sentence_params(old[index].id, self.sentence_row(side, index))
                for side, old in self.old.items() for index in range(min(len(old), self.count(side)))]

    def gone_sentences(self) -> list:
        return [s for side, old in self.old.items() for s in old[self.count(side):]]

    def qa_rows(self) -> list[QaRow]:
        return [QaRow(link_id, self.text(index, Side.SOURCE), self.text(index, Side.MT),
                      self.text(index, Side.MT)) for index, link_id in enumerate(self.link_ids)]

    def record(self, before: dict) -> dict:
        """The run undo restores: the snapshot, and what the block became (as `structure.fingerprint`)."""
        rows = [[self.sentence_ids[side][i] for side in (Side.SOURCE, Side.MT)
                 for i in self._indices(index, side)] for index in range(len(self.groups))]
        shift = {side: self.count(side) - len(old) for side, old in self.old.items()
                 if self.count(side) != len(old)}
        after = [{"id": link_id, "target": None, "status": Status.NEW.value, "sentences": sorted(ids)}
                 for link_id, ids in zip(self.link_ids, rows, strict=True)]
        return {"before": before, "sentence_shift": shift,
                "after": {"links": after, "sentences": [i for ids in rows for i in ids]}}
