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

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

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
    utcnow,
)
from webapp.services import documents as docs
from webapp.services import positions, qa, structure
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

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(link.position + 1 for link in self.links)


def resegment(session: Session, document: Document, *, author: str, dry_run: bool = False,
              versions: Mapping[int, int] | None = None) -> Outcome:
    """Re-split `document` with its project's settings, rebuilding the blocks whose sentences change;
    with `versions` (row id -> version, as a dry run answered), refuse if the rows changed since."""
    links = session.execute(select(Link.id, Link.position, Link.target, Link.status, Link.version)
                            .where(Link.document_id == document.id).order_by(Link.position)).all()
    sentences = session.execute(
        select(Sentence.link_id, Sentence.side, Sentence.paragraph, Sentence.position, Sentence.text,
               Sentence.original).where(Sentence.document_id == document.id)
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
        outcome.operation_id = _apply(session, document, rebuilt, author).id
    return outcome


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


def _apply(session: Session, document: Document, blocks: Sequence[_Block], author: str) -> Operation:
    operation = Operation(document_id=document.id, kind=KIND, author=author)
    session.add(operation)
    session.flush()
    loaded = [_load(session, block) for block in blocks]
    # Room for every block's new rows and sentences after its first position (see positions.py).
    positions.spread(session, document.id, max(len(block.groups) for block in blocks) + 1,
                     max(len(pieces) for block in blocks for pieces in block.pieces.values()) + 1)
    # Recorded last block first, as if each had shifted only the rows after it: undo takes them back in
    # document order, each on the state the ones after it left.
    runs = [_rebuild(session, document, block, run, before, operation, author)
            for block, (run, before) in reversed(list(zip(blocks, loaded, strict=True)))]
    operation.data = json.dumps({"runs": runs})
    positions.renumber(session, document.id)
    ids = [record["id"] for run in runs for record in run["after"]["links"]]
    rebuilt = list(session.scalars(select(Link).where(Link.id.in_(ids)).order_by(Link.position)
                                   .options(selectinload(Link.sentences))))
    qa.check_links(session, rebuilt)
    document.touch(author)
    return operation


def _load(session: Session, block: _Block) -> tuple[list[Link], dict]:
    """The block's rows with their sentences, and the snapshot undo restores them from."""
    run = list(session.scalars(select(Link).where(Link.id.in_([link.id for link in block.links]))
                               .order_by(Link.position).options(selectinload(Link.sentences))))
    return run, structure.snapshot(run)


def _rebuild(session: Session, document: Document, block: _Block, run: list[Link], before: dict,
             operation: Operation, author: str) -> dict:
    """Replace one block's sentences and rows with its fresh split; answer the run's record for undo."""
    first = run[0].position
    old = {side: sorted((s for link in run for s in link.side(side)), key=lambda s: s.position)
           for side in (Side.SOURCE, Side.MT)}
    new = {side: _sentences(document.id, side, old[side], block.pieces[side]) for side in old}
    shift = {side: len(new[side]) - len(old[side]) for side in old if len(new[side]) != len(old[side])}
    links = run[: len(block.groups)]
    for _ in range(len(block.groups) - len(links)):
        links.append(Link(document_id=document.id, position=0, paragraph=0, status=Status.NEW))
        session.add(links[-1])
    now, members = utcnow(), []
    for index, (link, group) in enumerate(zip(links, block.groups, strict=True)):
        src, mt = [new[Side.SOURCE][i] for i in group.src], [new[Side.MT][i] for i in group.mt]
        for sentence in src + mt:
            sentence.link = link
            session.add(sentence)  # a new one joins the session with its row
        link.position, link.paragraph = first + index, (mt or src)[0].paragraph  # as an import numbers it
        link.score, link.target, link.status = group.score, None, Status.NEW
        link.updated_at, link.updated_by = now, author
        members.append(src + mt)
    for side in old:
        for sentence in old[side][len(new[side]):]:
            session.delete(sentence)
    session.flush()
    gone = run[len(block.groups):]
    if gone:  # their history goes with the block's first row, as a merge hands it on
        session.execute(update(Revision).where(Revision.link_id.in_([link.id for link in gone]))
                        .values(link_id=links[0].id).execution_options(synchronize_session=False))
    for link in gone:
        session.delete(link)
    for link, sentences in zip(links, members, strict=True):
        set_committed_value(link, "sentences", sentences)  # what the flush stored, in order, with no query
        link.rehash()
        session.add(Revision(document_id=document.id, link_id=link.id, operation=operation, field=KIND,
                             old=None, new=link.final_text, author=author))
    return {"before": before, "sentence_shift": shift,
            "after": {"links": [structure.fingerprint(link) for link in links],
                      "sentences": [s.id for sentences in members for s in sentences]}}


def _sentences(document_id: int, side: str, old: list[Sentence], pieces: list) -> list[Sentence]:
    """The side's sentences of a block, one per fresh piece, in the room after the first old one: the old
    ones reused in order, new ones made (not yet in the session: they join it with their row)."""
    sentences = []
    for index, (paragraph, piece) in enumerate(pieces):
        sentence = old[index] if index < len(old) else Sentence(document_id=document_id, side=side)
        sentence.position, sentence.paragraph = old[0].position + index, paragraph
        sentence.text, sentence.lead, sentence.tail = piece.content, piece.lead, piece.tail
        sentence.original = piece.original if isinstance(piece, docs.Piece) else None
        sentences.append(sentence)
    return sentences
