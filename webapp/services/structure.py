"""Structural edits of the review grid: split and merge rows, move sentences between neighbouring links,
detach a sentence into a 1-0 or 0-1 link, split a link at a sentence boundary.

Every edit works on a run of adjacent links. Before it changes anything it snapshots the run (links,
sentences, and the revisions of links it may delete) into its Operation, so that undo restores the run
exactly, with the same ids, and refuses if any row of the result was changed since.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from webapp.models import Link, Operation, Revision, Sentence, Side, Status, utcnow
from webapp.services import bulk, restoration
from webapp.services.errors import Conflict, InvalidInput

LINK_FIELDS = ("id", "document_id", "position", "paragraph", "score", "target", "status", "updated_by")
SENTENCE_FIELDS = ("id", "document_id", "side", "position", "paragraph", "text", "lead", "tail", "original",
                   "link_id")
# "resegment" (webapp.services.resegmentation) records one run per paragraph it rebuilt, undone here too.
STRUCTURAL_KINDS = ("split", "merge", "move", "detach", "split_link", "resegment")
_WORD = re.compile(r"\S+")


def _check_versions(links: Sequence[Link], versions: Sequence[int]) -> None:
    for link, version in zip(links, versions, strict=True):
        if link.version != version:
            raise Conflict("a row changed since you loaded it; reload and try again",
                           current={"id": link.id, "version": link.version, "target": link.final_text})


def _neighbour(session: Session, link: Link, step: int) -> Link:
    neighbour = session.scalar(select(Link).where(
        Link.document_id == link.document_id, Link.position == link.position + step))
    if neighbour is None:
        raise InvalidInput("there is no " + ("next" if step > 0 else "previous") + " row")
    return neighbour


def snapshot(run: Sequence[Link]) -> dict:
    """What undo needs to put a run of adjacent links back: links, versions, sentences, revisions."""
    return snapshot_of(run, [s for link in run for s in link.sentences], _revision_ids(run))


def snapshot_of(run: Sequence, sentences: Sequence, revisions: dict[str, list[int]]) -> dict:
    """`snapshot` of rows and sentences read as plain records (anything with their fields as attributes)."""
    return {
        "links": [{f: getattr(link, f) for f in LINK_FIELDS} for link in run],
        "versions": {str(link.id): link.version for link in run},
        "sentences": [{f: getattr(s, f) for f in SENTENCE_FIELDS} for s in sentences],
        "revisions": revisions,
        "first_position": min(link.position for link in run),
        "link_ids": [link.id for link in run],
    }


def _revision_ids(run: Sequence[Link]) -> dict[str, list[int]]:
    """Link id (as text) -> the ids of its revisions, in one query for the run."""
    revisions: dict[str, list[int]] = {str(link.id): [] for link in run}
    session = Session.object_session(run[0])
    for revision_id, link_id in session.execute(select(Revision.id, Revision.link_id).where(
            Revision.link_id.in_([link.id for link in run])).order_by(Revision.id)):
        revisions[str(link_id)].append(revision_id)
    return revisions


class _Edit:
    """One structural edit in progress: snapshot first, then changes, then the record for undo."""

    def __init__(self, session: Session, run: Sequence[Link], kind: str, author: str) -> None:
        self.session, self.run, self.kind, self.author = session, list(run), kind, author
        self.document_id = run[0].document_id
        self.before = snapshot(run)
        self.sentence_shift: dict[str, int] = {}

    def new_sentence(self, like: Sentence, **fields) -> Sentence:
        """A sentence inserted right after `like` on its side; later sentences move down by one."""
        self.session.execute(
            update(Sentence).where(Sentence.document_id == like.document_id, Sentence.side == like.side,
                                   Sentence.position > like.position)
            .values(position=Sentence.position + 1).execution_options(synchronize_session="fetch"))
        self.sentence_shift[like.side] = self.sentence_shift.get(like.side, 0) + 1
        sentence = Sentence(document_id=like.document_id, side=like.side, position=like.position + 1,
                            paragraph=like.paragraph, link_id=like.link_id, **fields)
        self.session.add(sentence)
        return sentence

    def finish(self, rows: Sequence[tuple[list[Sentence], str | None, str]]) -> Operation:
        """Regroup the run's sentences into `rows` (sentences, target, status) and record the operation."""
        session, run = self.session, self.run
        first = self.before["first_position"]
        delta = len(rows) - len(run)
        if delta:
            session.execute(
                update(Link).where(Link.document_id == self.document_id,
                                   Link.position > first + len(run) - 1)
                .values(position=Link.position + delta).execution_options(synchronize_session="fetch"))
        links = run[: len(rows)]
        for _ in range(len(rows) - len(links)):
            links.append(Link(document_id=self.document_id, position=0, paragraph=run[-1].paragraph,
                              score=1.0, status=Status.NEW, updated_by=self.author))
            session.add(links[-1])
        session.flush()
        now = utcnow()
        for index, (link, (sentences, target, status)) in enumerate(zip(links, rows, strict=True)):
            for sentence in sentences:
                sentence.link = link
            link.position, link.target, link.status = first + index, target, status
            link.paragraph = min(s.paragraph for s in sentences)
            link.updated_at, link.updated_by = now, self.author
        operation = Operation(document_id=self.document_id, kind=self.kind, author=self.author)
        session.add(operation)
        session.flush()
        bulk.hand_over(session, {gone.id: links[0].id for gone in run[len(rows):]})
        for gone in run[len(rows):]:
            self._hand_revisions(gone.id, links[0].id)
            session.delete(gone)
        session.flush()
        for link in links:
            session.refresh(link)
            link.rehash()
            session.add(Revision(document_id=self.document_id, link_id=link.id, operation=operation,
                                 field=self.kind, old=None, new=link.final_text, author=self.author))
        operation.data = json.dumps({
            "before": self.before, "sentence_shift": self.sentence_shift,
            "after": {"links": [fingerprint(link) for link in links],
                      "sentences": [s.id for link in links for s in link.sentences]},
        })
        run[0].document.touch(self.author)
        return operation

    def _hand_revisions(self, from_id: int, to_id: int) -> None:
        self.session.execute(update(Revision).where(Revision.link_id == from_id).values(link_id=to_id)
                             .execution_options(synchronize_session=False))


def fingerprint(link: Link) -> dict:
    """What an operation left in a row; undo goes ahead only while the row still holds exactly that."""
    return {"id": link.id, "target": link.target, "status": link.status,
            "sentences": sorted(s.id for s in link.sentences)}


def _status_after(links: Sequence[Link], target: str | None) -> str:
    if target is not None or any(link.status != Status.NEW for link in links):
        return Status.EDITED
    return Status.NEW


def merge_with_next(
    session: Session, link: Link, *, version: int, next_version: int, author: str
) -> Operation:
    """Join a row with the next one: their sentences form one link; corrections are joined by a space."""
    following = _neighbour(session, link, +1)
    _check_versions([link, following], [version, next_version])
    if following.paragraph != link.paragraph:
        raise InvalidInput("the next row starts a new paragraph; rows of different paragraphs are not merged")
    edit = _Edit(session, [link, following], "merge", author)
    target = None
    if link.target is not None or following.target is not None:
        target = f"{link.final_text} {following.final_text}".strip()
    sentences = list(link.sentences) + list(following.sentences)
    return edit.finish([(sentences, target, _status_after([link, following], target))])


def split_at(session: Session, link: Link, *, version: int, offset: int, author: str) -> Operation:
    """Split a row at `offset` in its current text; MT and source sentences follow the cut."""
    _check_versions([link], [version])
    text = link.final_text
    left, right = text[:offset].rstrip(), text[offset:].lstrip()
    if not 0 < offset < len(text) or not left or not right:
        raise InvalidInput("put the cursor between two words of the row to split it")
    mt = link.side(Side.MT)
    if not mt:
        raise InvalidInput("this row has no MT sentence to split")
    edit = _Edit(session, [link], "split", author)
    mt_offset = offset if link.target is None else _map_offset(text, link.mt_text, offset)
    mt_first, mt_second = _cut_sentences(edit, mt, mt_offset)
    source = link.side(Side.SOURCE)
    cut = _proportional_cut(source, offset / len(text))
    targets = (None, None) if link.target is None else (left, right)
    status = link.status if link.target is None else Status.EDITED
    return edit.finish([(source[:cut] + mt_first, targets[0], status),
                        (source[cut:] + mt_second, targets[1], status)])


def _map_offset(text: str, mt: str, offset: int) -> int:
    """Where a cursor in the corrected text falls in the MT, following the words the two share."""
    words, mt_words = list(_WORD.finditer(text)), list(_WORD.finditer(mt))
    index = sum(1 for w in words if w.start() < offset)
    matcher = SequenceMatcher(None, [w.group() for w in words], [w.group() for w in mt_words], autojunk=False)
    target = len(mt_words)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= index < i2 or (index == i1 == i2):
            share = index - i1 if tag == "equal" else round((index - i1) * (j2 - j1) / max(i2 - i1, 1))
            target = j1 + share
            break
    return mt_words[target].start() if target < len(mt_words) else len(mt)


def _cut_sentences(edit: _Edit, sentences: list[Sentence], offset: int) -> tuple[list, list]:
    """Split a side's sentences at a character offset of their space-joined text."""
    start = 0
    for index, sentence in enumerate(sentences):
        end = start + len(sentence.text)
        if offset <= start and index:
            return sentences[:index], sentences[index:]
        if offset < end:
            head, rest = sentence.text[: offset - start], sentence.text[offset - start:]
            if not head.strip():
                return sentences[:index], sentences[index:]
            if not rest.strip():
                return sentences[: index + 1], sentences[index + 1:]
            second = edit.new_sentence(sentence, text=rest.lstrip(), lead="", tail=sentence.tail)
            sentence.tail = head[len(head.rstrip()):] + rest[: len(rest) - len(rest.lstrip())] or " "
            sentence.text = head.rstrip()
            sentence.original = None  # the uploaded form no longer matches either half
            return sentences[:index] + [sentence], [second] + sentences[index + 1:]
        start = end + 1
    return sentences, []


def _proportional_cut(sentences: list[Sentence], fraction: float) -> int:
    """The sentence boundary whose share of the text is closest to `fraction` (one sentence: all of it)."""
    if len(sentences) < 2:
        return len(sentences)
    total = sum(len(s.text) for s in sentences)
    cumulative, best, best_gap = 0, 1, 2.0
    for index, sentence in enumerate(sentences[:-1], start=1):
        cumulative += len(sentence.text)
        if abs(cumulative / total - fraction) < best_gap:
            best, best_gap = index, abs(cumulative / total - fraction)
    return best


def _refuse_if_corrected(*links: Link) -> None:
    if any(link.target is not None for link in links):
        raise InvalidInput("a row involved has a correction; moving MT sentences would misplace it — "
                           "merge the rows instead, or revert the correction first")


def move_sentence(session: Session, link: Link, *, version: int, neighbour_version: int, side: str,
                  direction: str, author: str) -> Operation:
    """Move this row's first (direction "previous") or last ("next") sentence of `side` to that neighbour."""
    if side not in (Side.SOURCE, Side.MT) or direction not in ("previous", "next"):
        raise InvalidInput("side must be source or mt, direction previous or next")
    step = -1 if direction == "previous" else 1
    neighbour = _neighbour(session, link, step)
    _check_versions([link, neighbour], [version, neighbour_version])
    mine = link.side(side)
    if not mine:
        raise InvalidInput(f"this row has no {side} sentence to move")
    if side == Side.MT:
        _refuse_if_corrected(link, neighbour)
    moving = mine[0] if step < 0 else mine[-1]
    run = [neighbour, link] if step < 0 else [link, neighbour]
    edit = _Edit(session, run, "move", author)
    rows = []
    for each in run:
        sentences = [s for s in each.sentences if s is not moving]
        if each is neighbour:
            sentences = sentences + [moving] if step < 0 else [moving] + sentences
        if sentences:
            rows.append((_ordered(sentences), each.target, each.status))
    return edit.finish(rows)


def detach(session: Session, link: Link, *, version: int, side: str, which: str, author: str) -> Operation:
    """Give the first or last sentence of `side` its own row: "missing in MT" or "added in MT"."""
    if side not in (Side.SOURCE, Side.MT) or which not in ("first", "last"):
        raise InvalidInput("side must be source or mt, which first or last")
    _check_versions([link], [version])
    if side == Side.MT:
        _refuse_if_corrected(link)
    if len(link.sentences) < 2 or not link.side(side):
        raise InvalidInput(f"this row has no {side} sentence to detach from other sentences")
    moving = link.side(side)[0 if which == "first" else -1]
    rest = [s for s in link.sentences if s is not moving]
    edit = _Edit(session, [link], "detach", author)
    alone = ([moving], None, Status.NEW)
    kept = (rest, link.target, link.status)
    return edit.finish([alone, kept] if which == "first" else [kept, alone])


def split_link(session: Session, link: Link, *, version: int, source_count: int, mt_count: int,
               author: str) -> Operation:
    """Split a link at a sentence boundary: the first row keeps the first sentences of each side."""
    _check_versions([link], [version])
    source, mt = link.side(Side.SOURCE), link.side(Side.MT)
    if not (0 <= source_count <= len(source) and 0 <= mt_count <= len(mt)):
        raise InvalidInput("the counts exceed the row's sentences")
    first, second = source[:source_count] + mt[:mt_count], source[source_count:] + mt[mt_count:]
    if not first or not second:
        raise InvalidInput("both parts of a split need at least one sentence")
    if mt_count not in (0, len(mt)):
        _refuse_if_corrected(link)
    edit = _Edit(session, [link], "split_link", author)
    targets = (None, None)
    if mt_count in (0, len(mt)):
        targets = (None, link.target) if mt_count == 0 else (link.target, None)
    return edit.finish([(first, targets[0], link.status), (second, targets[1], link.status)])


def _ordered(sentences: list[Sentence]) -> list[Sentence]:
    return sorted(sentences, key=lambda s: (s.side != Side.SOURCE, s.position))


def undo_structure(session: Session, operation: Operation, author: str) -> list[Link]:
    """Restore the run(s) an operation replaced, exactly; refuse if a row of its result changed since."""
    data = json.loads(operation.data)
    if "runs" in data:  # a re-segmentation holds one run per rebuilt paragraph
        restored = restoration.undo_runs(session, operation.document_id, data["runs"], author)
    else:
        ids = [a["id"] for a in data["after"]["links"]]
        current = {link.id: link for link in session.scalars(select(Link).where(Link.id.in_(ids)))}
        for record in data["after"]["links"]:
            link = current.get(record["id"])
            if link is None or fingerprint(link) != record:
                raise Conflict("a row changed after this operation; undo that first, or edit by hand")
        restored = _undo_run(session, operation.document_id, data, current, author)
    operation.undone_at, operation.undone_by = utcnow(), author
    return sorted(restored, key=lambda link: link.position)


def _undo_run(session: Session, document_id: int, data: dict, current: dict[int, Link], author: str
              ) -> list[Link]:
    before = data["before"]
    mine = {a["id"]: current[a["id"]] for a in data["after"]["links"]}
    _drop_new_sentences(session, document_id, data)
    links = _restore_links(session, before, mine, author)
    _restore_sentences(session, before, links)
    first = min(before["links"], key=lambda record: record["position"])["id"]
    bulk.hand_over(session, {link_id: first for link_id in mine if link_id not in links})
    for link in mine.values():
        if link.id not in links:
            session.delete(link)
    session.flush()
    for link_id, revision_ids in before["revisions"].items():
        session.execute(update(Revision).where(Revision.id.in_(revision_ids)).values(link_id=int(link_id))
                        .execution_options(synchronize_session=False))
    for link in links.values():
        session.expire(link, ["sentences"])
        link.rehash()
    return list(links.values())


def result_links(session: Session, operation: Operation) -> list[Link]:
    """The rows a structural operation left, in document order."""
    ids = [record["id"] for record in json.loads(operation.data)["after"]["links"]]
    return list(session.scalars(select(Link).where(Link.id.in_(ids)).order_by(Link.position)))


def _drop_new_sentences(session: Session, document_id: int, data: dict) -> None:
    before = {s["id"] for s in data["before"]["sentences"]}
    for sentence in session.scalars(select(Sentence).where(Sentence.id.in_(data["after"]["sentences"]))):
        if sentence.id not in before:
            session.delete(sentence)
    session.flush()
    for side, shift in data["sentence_shift"].items():
        boundary = max(s["position"] for s in data["before"]["sentences"] if s["side"] == side)
        session.execute(
            update(Sentence).where(Sentence.document_id == document_id, Sentence.side == side,
                                   Sentence.position > boundary + shift)
            .values(position=Sentence.position - shift).execution_options(synchronize_session="fetch"))


def _restore_links(session: Session, before: dict, current: dict[int, Link], author: str) -> dict[int, Link]:
    """Put the run's links back at their old positions, recreating deleted ones with their old ids; the
    links after the run move back by as many rows as it added."""
    delta = len(current) - len(before["links"])
    if delta:
        last_after = before["first_position"] + len(current) - 1
        session.execute(
            update(Link).where(Link.document_id == before["links"][0]["document_id"],
                               Link.position > last_after)
            .values(position=Link.position - delta).execution_options(synchronize_session="fetch"))
    links = {}
    for record in before["links"]:
        link = current.get(record["id"])
        if link is None:
            # A fresh version number, past any a client may still hold for the old row.
            link = Link(**record, version=before["versions"][str(record["id"])] + 1)
            session.add(link)
        else:
            for field, value in record.items():
                setattr(link, field, value)
        link.updated_at, link.updated_by = utcnow(), author
        links[link.id] = link
    session.flush()
    return links


def _restore_sentences(session: Session, before: dict, links: dict[int, Link]) -> None:
    sentences = {s.id: s for s in session.scalars(
        select(Sentence).where(Sentence.id.in_([s["id"] for s in before["sentences"]])))}
    for record in before["sentences"]:
        sentence = sentences.get(record["id"])
        if sentence is None:  # a re-segmentation that joined sentences deleted it: back with its old id
            sentence = Sentence(id=record["id"])
            session.add(sentence)
        for field, value in record.items():
            if field != "link_id":
                setattr(sentence, field, value)
        # Through the relationship, so the link about to be deleted no longer lists the sentence.
        sentence.link = links[record["link_id"]]
    session.flush()
