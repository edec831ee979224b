"""Word .docx: body paragraphs and table cells with run formatting, links, notes and images as tags.

Writing copies the package member by member and replaces only `word/document.xml`, in which only the
paragraphs whose text changed are rebuilt: styles, headers, footers, footnote texts, comments, images,
numbering and everything else stay as they were. Tracked changes are refused (the text to correct is not
known until they are accepted or rejected); fields and text boxes stay untouched (a field is one tag).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lxml import etree

from segments.formats.common import MAX_BYTES, FormatError, check_size
from segments.formats.docx import _check_package
from segments.formats.originals.model import Block, Extracted, NoBlocks, Skeleton, corrected_texts, pieces
from segments.tags import TagKind, close_tag, open_tag, solo_tag, untagged
from segments.xmlsafe import UnsafeXmlError, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DOCUMENT = "word/document.xml"
_RELS = "word/_rels/document.xml.rels"
_TRACKED = ("ins", "del", "moveFrom", "moveTo")
_MARKERS = {"bookmarkStart": "bookmark", "bookmarkEnd": "bookmark", "commentRangeStart": "comment",
            "commentRangeEnd": "comment", "permStart": "permission", "permEnd": "permission"}
# Run properties that change no letter on the page: Word sets them per run as the text is typed.
_INVISIBLE = {"lang", "noProof", "rtl", "cs", "specVanish", "webHidden"}
_IGNORED = {"proofErr", "lastRenderedPageBreak"}  # spelling marks and layout hints: dropped if rebuilt
_TEXT_CHILDREN = {"t": None, "tab": "\t", "noBreakHyphen": "\u2011", "softHyphen": "\u00ad"}
_FORMAT_LABELS = (("b", "b"), ("i", "i"), ("u", "u"), ("strike", "strike"), ("caps", "caps"),
                  ("smallCaps", "small caps"), ("highlight", "highlight"), ("color", "colour"))


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


@dataclass
class _Text:
    text: str
    rpr: etree._Element | None
    link: etree._Element | None

    @property
    def key(self) -> bytes:
        """The run's visible formatting: runs that differ only in language or proofing marks merge."""
        if self.rpr is None:
            return b""
        visible = copy.deepcopy(self.rpr)
        for child in list(visible):
            if _local(child) in _INVISIBLE:
                visible.remove(child)
        return etree.tostring(visible, method="c14n") if len(visible) else b""


@dataclass
class _Solo:
    elements: list[etree._Element]
    label: str
    link: etree._Element | None = None


@dataclass
class _Layout:
    """A paragraph cut into items, with the tag of each and the markers pinned before and after the text."""

    items: list[_Text | _Solo]
    lead: list[etree._Element]
    trail: list[etree._Element]
    base: etree._Element | None
    text: str = ""
    labels: dict[int, str] = field(default_factory=dict)
    formats: dict[int, etree._Element | None] = field(default_factory=dict)
    links: dict[int, tuple[etree._Element, etree._Element | None]] = field(default_factory=dict)
    solos: dict[int, _Solo] = field(default_factory=dict)


class DocxOriginal:
    """A Word document read into blocks and written back with only the changed paragraphs rebuilt."""

    format_id = "docx"

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Extracted:
        """The body's paragraphs (table cells included) with inline tags, and the skeleton."""
        check_size(data, max_bytes)
        _check_package(data, max_bytes)
        root, targets = _parts(data)
        _refuse_tracked_changes(root)
        blocks = []
        for paragraph, layout in _paragraphs(root, targets):
            blocks.append(Block(layout.text, layout.labels, heading=_is_heading(paragraph)))
        if not blocks:
            raise NoBlocks("the .docx file contains no text")
        return Extracted(blocks, Skeleton(self.format_id, data, tuple({"text": b.text} for b in blocks)))

    def write(self, skeleton: Skeleton, texts: Sequence[str | None]) -> bytes:
        """The original package with the changed paragraphs of `word/document.xml` rebuilt."""
        wanted = corrected_texts(skeleton, texts)
        root, targets = _parts(skeleton.original)
        found = list(_paragraphs(root, targets))
        if len(found) != len(wanted):
            raise FormatError("the stored document no longer matches its block list")
        for (paragraph, layout), text in zip(found, wanted, strict=True):
            if text is not None:
                _rebuild(paragraph, layout, text)
        body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return _repack(skeleton.original, body)


def _parts(data: bytes) -> tuple[etree._Element, dict[str, str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = package.read(_DOCUMENT)
            rels = package.read(_RELS) if _RELS in package.namelist() else b""
        root = parse_xml(document)
        targets = {}
        if rels:
            targets = {rel.get("Id", ""): rel.get("Target", "") for rel in parse_xml(rels)}
    except KeyError as exc:
        raise FormatError("not a Word .docx file (it has no word/document.xml)") from exc
    except (UnsafeXmlError, zipfile.BadZipFile) as exc:
        raise FormatError(f"not a readable Word .docx file ({exc})") from exc
    if _local(root) != "document":
        raise FormatError("not a Word .docx file (word/document.xml is not a document)")
    return root, targets


def _repack(original: bytes, document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = document if info.filename == _DOCUMENT else source.read(info)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def _refuse_tracked_changes(root: etree._Element) -> None:
    for name in _TRACKED:
        if next(root.iter(_w(name)), None) is not None:
            raise FormatError("the .docx file has tracked changes: accept or reject them in Word (Review → "
                              "Accept / Reject all changes), save, and import it again")


def _paragraphs(root: etree._Element, targets: dict[str, str]) -> Iterator[tuple[etree._Element, _Layout]]:
    """Body paragraphs with words outside tags, in order, table cells included, text boxes left out."""
    body = root.find(_w("body"))
    if body is None:
        return
    for paragraph in body.iter(_w("p")):
        if any(_local(a) == "txbxContent" for a in paragraph.iterancestors()):
            continue
        if not any((t.text or "").strip() for t in paragraph.iter(_w("t"))):
            continue  # most empty paragraphs end here, before the costlier layout
        layout = _layout(paragraph, targets)
        if untagged(layout.text).strip():
            yield paragraph, layout


def _is_heading(paragraph: etree._Element) -> bool:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    value = (style.get(_w("val")) or "") if style is not None else ""
    return value.lower().startswith(("heading", "title"))


def _layout(paragraph: etree._Element, targets: dict[str, str]) -> _Layout:
    items: list[_Text | _Solo | etree._Element] = []
    _items(paragraph, None, items)
    first = next((i for i, x in enumerate(items) if not isinstance(x, etree._Element)), len(items))
    last = max((i for i, x in enumerate(items) if not isinstance(x, etree._Element)), default=-1)
    middle = [x if not isinstance(x, etree._Element) else _Solo([x], _MARKERS[_local(x)])
              for x in items[first:last + 1]]
    counts: Counter[bytes] = Counter()
    rprs: dict[bytes, etree._Element | None] = {}
    for item in middle:
        if isinstance(item, _Text) and item.link is None:
            counts[item.key] += len(item.text)
            rprs[item.key] = item.rpr
    # Unformatted text is the base when there is some, so a bold lead reads as bold, not the rest as "plain".
    plain = [key for key in counts if key == b""]
    base_key = plain[0] if plain else counts.most_common(1)[0][0] if counts else b""
    layout = _Layout(middle, [x for x in items[:first] if isinstance(x, etree._Element)],
                     [x for x in items[last + 1:] if isinstance(x, etree._Element)], rprs.get(base_key))
    _tag(layout, base_key, targets)
    return layout


def _items(container: etree._Element, link: etree._Element | None, out: list) -> None:
    """The runs of a paragraph (or hyperlink) cut into text, standalone pieces and zero-width markers."""
    field_runs: list[etree._Element] = []
    depth = 0
    for child in container:
        name = _local(child)
        if name == "r":
            kinds = [c.get(_w("fldCharType")) for c in child if _local(c) == "fldChar"]
            if depth or "begin" in kinds:
                field_runs.append(child)
                depth += kinds.count("begin") - kinds.count("end")
                if depth <= 0:
                    out.append(_Solo(field_runs, "field", link))
                    field_runs, depth = [], 0
                continue
            _run_items(child, link, out)
        elif name == "hyperlink" and link is None:
            _items(child, child, out)
        elif name in _MARKERS:
            out.append(child)
        elif name in _IGNORED or name == "pPr" or not name:
            continue
        elif name == "fldSimple":
            out.append(_Solo([child], "field", link))
        else:  # content controls, smart tags, math, anything else: kept whole as one tag
            out.append(_Solo([child], "content control" if name == "sdt" else name, link))
    if field_runs:
        out.append(_Solo(field_runs, "field", link))


def _run_items(run: etree._Element, link: etree._Element | None, out: list) -> None:
    rpr = run.find(_w("rPr"))
    for child in run:
        name = _local(child)
        if name == "rPr" or name in _IGNORED or not name:
            continue
        if name in _TEXT_CHILDREN:
            text = child.text or "" if name == "t" else _TEXT_CHILDREN[name]
            if text:
                previous = out[-1] if out else None
                if isinstance(previous, _Text) and previous.rpr is rpr and previous.link is link:
                    previous.text += text
                else:
                    out.append(_Text(text, rpr, link))
            continue
        out.append(_Solo([_lone_run(run, child)], _solo_label(child), link))


def _lone_run(run: etree._Element, child: etree._Element) -> etree._Element:
    """A run holding only `child`, with the formatting of the run it came from."""
    copy_of = run.makeelement(run.tag, dict(run.attrib))
    rpr = run.find(_w("rPr"))
    if rpr is not None:
        copy_of.append(copy.deepcopy(rpr))
    copy_of.append(copy.deepcopy(child))
    return copy_of


def _solo_label(child: etree._Element) -> str:
    name = _local(child)
    if name in ("footnoteReference", "endnoteReference"):
        return f"{name[:-9]} {child.get(_w('id'))}"
    if name in ("drawing", "pict", "object"):
        return "image"
    if name in ("br", "cr"):
        return "page break" if child.get(_w("type")) == "page" else "br"
    return {"commentReference": "comment", "sym": "symbol"}.get(name, name)


def _tag(layout: _Layout, base_key: bytes, targets: dict[str, str]) -> None:
    """Give the items their tags: a link, or a formatting that differs from the paragraph's usual one."""
    parts: list[str] = []
    open_format: tuple[int, bytes] | None = None
    open_link: tuple[int, etree._Element] | None = None

    def close_format() -> None:
        nonlocal open_format
        if open_format is not None:
            parts.append(close_tag(open_format[0]))
            open_format = None

    def new_id(label: str) -> int:
        tag_id = len(layout.labels) + 1
        layout.labels[tag_id] = label
        return tag_id

    for item in layout.items:
        if open_link is not None and item.link is not open_link[1]:
            close_format()
            parts.append(close_tag(open_link[0]))
            open_link = None
        if item.link is not None and open_link is None:
            close_format()
            tag_id = new_id(_link_label(item.link, targets))
            rpr = item.rpr if isinstance(item, _Text) else None
            layout.links[tag_id] = (item.link, rpr)
            open_link = (tag_id, item.link)
            parts.append(open_tag(tag_id))
        if isinstance(item, _Solo):
            tag_id = new_id(item.label)
            layout.solos[tag_id] = item
            parts.append(solo_tag(tag_id))
            continue
        if item.link is None and (open_format is None or open_format[1] != item.key):
            close_format()
            if item.key != base_key:
                tag_id = new_id(_format_label(item.rpr))
                layout.formats[tag_id] = item.rpr
                open_format = (tag_id, item.key)
                parts.append(open_tag(tag_id))
        parts.append(item.text)
    close_format()
    if open_link is not None:
        parts.append(close_tag(open_link[0]))
    layout.text = "".join(parts).strip()


def _link_label(link: etree._Element, targets: dict[str, str]) -> str:
    target = targets.get(link.get(f"{{{R}}}id", ""), "")
    anchor = link.get(_w("anchor"))
    return f"link {target or ('#' + anchor if anchor else '')}".rstrip()


def _format_label(rpr: etree._Element | None) -> str:
    if rpr is None:
        return "plain"
    found = [label for name, label in _FORMAT_LABELS
             if (el := rpr.find(_w(name))) is not None and el.get(_w("val")) not in ("0", "false", "none")]
    align = rpr.find(_w("vertAlign"))
    if align is not None and align.get(_w("val")) in ("superscript", "subscript"):
        found.append("sup" if align.get(_w("val")) == "superscript" else "sub")
    style = rpr.find(_w("rStyle"))
    if style is not None:
        found.append(f"style {style.get(_w('val'))}")
    return " ".join(found) or "format"


def _rebuild(paragraph: etree._Element, layout: _Layout, text: str) -> None:
    """Replace the paragraph's runs by runs built from `text`, each tag giving back what it stood for."""
    for child in list(paragraph):
        if _local(child) != "pPr":
            paragraph.remove(child)
    paragraph.extend(layout.lead)
    known = set(layout.labels)
    stack: list[tuple[int, etree._Element]] = []  # open formats and links, innermost last
    container = paragraph

    def current_rpr() -> etree._Element | None:
        for tag_id, _ in reversed(stack):
            if tag_id in layout.formats:
                return layout.formats[tag_id]
            if tag_id in layout.links:
                return layout.links[tag_id][1]
        return layout.base

    for piece in pieces(text, known, set(layout.solos)):
        if piece.kind is None:
            container.append(_run(piece.text, current_rpr()))
        elif piece.kind is TagKind.SOLO:
            for element in layout.solos[piece.id].elements:
                container.append(copy.deepcopy(element))
        elif piece.kind is TagKind.OPEN:
            if piece.id in layout.links and container is paragraph:
                link = layout.links[piece.id][0]
                container = link.makeelement(link.tag, dict(link.attrib))
                paragraph.append(container)
            stack.append((piece.id, container))
        else:
            stack.pop()
            container = stack[-1][1] if stack else paragraph
    paragraph.extend(layout.trail)


def _run(text: str, rpr: etree._Element | None) -> etree._Element:
    run = etree.Element(_w("r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for index, chunk in enumerate(text.split("\t")):
        if index:
            etree.SubElement(run, _w("tab"))
        if chunk:
            node = etree.SubElement(run, _w("t"))
            node.text = chunk
            if chunk != chunk.strip():
                node.set(XML_SPACE, "preserve")
    return run
