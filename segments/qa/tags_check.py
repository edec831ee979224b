"""Inline tags in the target: each whole, once, paired and in order, and none lost against the MT.

The reference is the MT when it holds tags, else the source (an XLIFF whose target came back bare): the tags
of a row's formatting are the ones the file gave it. Tags may move (a translation reorders words); they may
not vanish, repeat, lose their partner or close before they open. A missing tag is put back after the word it
followed in the reference (an opening tag before the word it preceded), which is safe when that word occurs
once in the target; otherwise at the same relative place, snapped to a word edge, as a suggestion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from segments.qa.fixes import fix, suggested
from segments.qa.model import Edit, Finding, Fix, FixKind, QaContext, QaRow
from segments.qa.text import Span
from segments.tags import (
    TAG_CHARS,
    TAG_RE,
    Tag,
    TagKind,
    has_tags,
    tags,
    untagged_with_offsets,
)
from segments.tags import token as tag_token


def label(tag: Tag | tuple[TagKind, int]) -> str:
    """How a tag is named to the user, as the review grid draws it: 1 opens, /1 closes, 1/ stands alone."""
    kind, tag_id = (tag.kind, tag.id) if isinstance(tag, Tag) else tag
    return {TagKind.OPEN: f"{tag_id}", TagKind.CLOSE: f"/{tag_id}", TagKind.SOLO: f"{tag_id}/"}[kind]


def spelled_out(text: str) -> str:
    """``text`` with each tag written as its label in braces ({1}bold{/1}, {3/}): for CSV and plain text
    read by people, where private-use characters would show as nothing."""
    if not has_tags(text):
        return text
    written = TAG_RE.sub(lambda m: "{" + label(_tag_of(m)) + "}", text)
    return re.sub(f"[{TAG_CHARS}]", "\ufffd", written)


def _tag_of(m: re.Match[str]) -> Tag:
    return tags(m.group())[0]


def _reference(row: QaRow) -> tuple[str, str] | None:
    if has_tags(row.mt):
        return "MT", row.mt
    if has_tags(row.source):
        return "source", row.source
    return None


def tag_problems(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Broken, duplicated, unpaired, out-of-order, missing and extra tags in the target."""
    reference = _reference(row)
    if not row.target.strip() or (not has_tags(row.target) and reference is None):
        return  # a blank target is empty_target's to report
    target = row.target
    yield from _broken(target)
    found = tags(target)
    counts = Counter((t.kind, t.id) for t in found)
    yield from _duplicated(target, found, counts)
    expected = Counter((t.kind, t.id) for t in tags(reference[1])) if reference else None
    missing = sorted(set(expected) - set(counts), key=lambda k: (k[1], k[0] is not TagKind.OPEN)) \
        if expected else []
    if reference:
        yield from _missing(target, reference, missing)
        yield from _extra(target, found, reference[0], expected)
    else:
        # Against a reference an unpaired tag is its missing partner or an extra tag, both reported above;
        # a partner the reference lacks too is a pair cut by a sentence break, held by a neighbouring row.
        yield from _unpaired(target, found, counts)
    yield from _out_of_order(target, found)


def _broken(target: str) -> Iterator[Finding]:
    whole = [m.span() for m in TAG_RE.finditer(target)]
    stray = [i for i, ch in enumerate(target) if ch in TAG_CHARS and not any(a <= i < b for a, b in whole)]
    if stray:
        spans = tuple((i, i + 1) for i in stray)
        # The stray marks draw as nothing: removing them changes no visible text.
        yield Finding("A tag was cut apart: its remains are removed.", spans,
                      fixes=(fix(FixKind.SAFE, *((a, b, "") for a, b in spans)),))


def _duplicated(target: str, found: list[Tag], counts: Counter) -> Iterator[Finding]:
    for key, count in counts.items():
        if count < 2:
            continue
        same = [t for t in found if (t.kind, t.id) == key]
        extra = same[1:]
        # Keeping the first is right when the pair stays in order; otherwise the reader chooses.
        rest = [t for t in found if t not in extra and t.id == key[1]]
        kind = FixKind.SAFE if _in_order(rest) else FixKind.SUGGESTED
        yield Finding(f"Tag {label(key)} appears {count} times.", tuple((t.start, t.end) for t in same),
                      fixes=(fix(kind, *((t.start, t.end, "") for t in extra)),))


def _in_order(same_id: list[Tag]) -> bool:
    kinds = [t.kind for t in same_id]
    return kinds in ([TagKind.OPEN, TagKind.CLOSE], [TagKind.SOLO], [TagKind.OPEN], [TagKind.CLOSE])


def _extra(target: str, found: list[Tag], name: str, expected: Counter) -> Iterator[Finding]:
    for t in found:
        if (t.kind, t.id) not in expected:
            yield Finding(f"Tag {label(t)} is not in the {name}.", ((t.start, t.end),),
                          fixes=suggested((t.start, t.end, "")))


_PARTNER = {TagKind.OPEN: TagKind.CLOSE, TagKind.CLOSE: TagKind.OPEN}


def _unpaired(target: str, found: list[Tag], counts: Counter) -> Iterator[Finding]:
    for t in found:
        partner = _PARTNER.get(t.kind)
        if partner is None or counts[(partner, t.id)]:
            continue
        if t.kind is TagKind.OPEN:
            fixes = (fix(FixKind.SUGGESTED, (len(target), len(target), tag_token(TagKind.CLOSE, t.id))),
                     fix(FixKind.SUGGESTED, (t.start, t.end, "")))
            message = f"Tag {label(t)} opens but never closes."
        else:
            fixes = (fix(FixKind.SUGGESTED, (t.start, t.end, "")),)
            message = f"Tag {label(t)} closes a tag that never opened."
        yield Finding(message, ((t.start, t.end),), fixes=fixes)


def _out_of_order(target: str, found: list[Tag]) -> Iterator[Finding]:
    opens = {t.id: t for t in found if t.kind is TagKind.OPEN}
    for close in (t for t in found if t.kind is TagKind.CLOSE):
        start = opens.get(close.id)
        if start is not None and close.start < start.start:
            edits = ((close.start, close.end, start.token), (start.start, start.end, close.token))
            yield Finding(f"Tag {label(close)} closes before {label(start)} opens.",
                          ((close.start, close.end), (start.start, start.end)), fixes=suggested(*edits))


# --- putting a missing tag back ---------------------------------------------------------------------------

TagKey = tuple[TagKind, int]


def _missing(target: str, reference: tuple[str, str], missing: list[TagKey]) -> Iterator[Finding]:
    if not missing:
        return
    name, ref = reference
    ref_plain, _ = untagged_with_offsets(ref)
    plain, offsets = untagged_with_offsets(target)
    where = {(t.kind, t.id): _plain_position(ref, t) for t in tags(ref)}
    by_id: dict[int, list[tuple[TagKind, int]]] = {}
    for key in missing:
        by_id.setdefault(key[1], []).append(key)
    for keys in by_id.values():
        placed = [(_place(key, where[key], ref_plain, plain), key) for key in keys]
        edits, kind, spans = [], FixKind.SAFE, []
        for (at, sure, span), key in placed:
            point = _original(at, offsets, key[0])
            edits.append(Edit(point, point, tag_token(*key)))
            kind = kind if sure else FixKind.SUGGESTED
            if span:
                spans.append((offsets[span[0]], offsets[span[1] - 1] + 1))
        restore = Fix(tuple(sorted(_ordered(edits, keys), key=lambda e: e.start)), kind)
        after = [t for t in tags(restore.apply(target)) if t.id == keys[0][1]]
        if kind is FixKind.SAFE and not _in_order(after):
            # The half still there was moved past where the words put this one: a reader must choose.
            restore = Fix(restore.edits, FixKind.SUGGESTED)
        shown = " and ".join(label(k) for k in keys)
        verb = "Tags {} of the {} are" if len(keys) > 1 else "Tag {} of the {} is"
        yield Finding(f"{verb.format(shown, name)} missing.", tuple(sorted(set(spans))), fixes=(restore,))


def _plain_position(text: str, tag: Tag) -> int:
    """Where ``tag`` sits in ``text`` once every tag is stripped."""
    return len(TAG_RE.sub("", text[:tag.start]))


def _word_spans(text: str) -> list[Span]:
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isalnum() and start is None:
            start = i
        elif not ch.isalnum() and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _place(key: tuple[TagKind, int], at: int, ref: str, plain: str) -> tuple[int, bool, Span | None]:
    """Where in the stripped target a tag goes that sat at ``at`` of the stripped reference; whether that is
    certain; and the target word it was placed by."""
    if at == 0 or not ref[:at].strip():
        return 0, True, None
    if at >= len(ref) or not ref[at:].strip():
        return len(plain), True, None
    ref_words = _word_spans(ref)
    before = [w for w in ref_words if w[1] <= at]
    after = [w for w in ref_words if w[0] >= at]
    # An opening tag belongs to the word it precedes; a closing or standalone one to the word it follows.
    anchors = ([("before", after[0])] if after else []) + ([("after", before[-1])] if before else [])
    if key[0] is not TagKind.OPEN:
        anchors.reverse()
    words = _word_spans(plain)
    for rank, (side, (a, b)) in enumerate(anchors):
        word = ref[a:b].casefold()
        hits = [w for w in words if plain[w[0]:w[1]].casefold() == word]
        if len(hits) == 1 and sum(ref[w[0]:w[1]].casefold() == word for w in ref_words) == 1:
            (s, e), = hits
            # The word on the tag's own side is certain; the one across from it is a good guess only.
            return (s if side == "before" else e), rank == 0, (s, e)
    return _relative(at / len(ref), plain, words), False, None


def _relative(fraction: float, plain: str, words: list[Span]) -> int:
    """The word edge of ``plain`` nearest to ``fraction`` of its length."""
    goal = fraction * len(plain)
    edges = [0, len(plain)] + [edge for w in words for edge in w]
    return min(edges, key=lambda e: (abs(e - goal), e))


def _original(at: int, offsets: list[int], kind: TagKind) -> int:
    """Position ``at`` of the stripped target in the tagged target: an opening tag goes right before the next
    character (after tags already there), a closing one right after the previous character."""
    if kind is TagKind.OPEN or at == 0:
        return offsets[at]
    return offsets[at - 1] + 1


def _ordered(edits: list[Edit], keys: list[TagKey]) -> list[Edit]:
    """Both halves of a pair put back with the close before the open (the words moved): swap them."""
    if len(edits) == 2 and {k[0] for k in keys} == {TagKind.OPEN, TagKind.CLOSE}:
        open_edit, close_edit = (edits if keys[0][0] is TagKind.OPEN else edits[::-1])
        if close_edit.start < open_edit.start:
            return [Edit(close_edit.start, close_edit.start, open_edit.text),
                    Edit(open_edit.start, open_edit.start, close_edit.text)]
    return edits
