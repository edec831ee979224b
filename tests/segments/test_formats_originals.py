"""Original files read into tagged blocks and written back: only the corrected text changes."""

from __future__ import annotations

import io
import zipfile

import docx
import lxml.html
import pytest
from lxml import etree
from markdown_it import MarkdownIt

from segments.formats import FormatError
from segments.formats.originals import ORIGINALS, DocxOriginal, HtmlOriginal, MarkdownOriginal
from segments.formats.originals.docx import W
from segments.formats.originals.model import Piece, pieces
from segments.tags import TagKind, close_tag, open_tag, solo_tag, untagged
from tests.segments.docx_article import LINKS, article, body_text

O1, C1, O2, C2 = open_tag(1), close_tag(1), open_tag(2), close_tag(2)

MARKDOWN = """# Storm *hits* the coast

The **storm reached the coast** on Monday, the [weather office](https://met.example.org "Met") said.
Winds of `120 km/h` were measured, see ![map](map.png).

> A quoted line with _emphasis_
> over two lines.

| Place | Wind |
|-------|------|
| Old **harbour** | 120 km/h |
| Bay \\| pier | calm |

- An item with a [link][ref].

[ref]: https://ref.example.org
"""


def test_markdown_blocks_carry_inline_tags():
    read = MarkdownOriginal().read(MARKDOWN.encode())
    assert [b.text for b in read.blocks] == [
        f"Storm {O1}hits{C1} the coast",
        f"The {O1}storm reached the coast{C1} on Monday, the {O2}weather office{C2} said. "
        f"Winds of {solo_tag(3)} were measured, see {solo_tag(4)}.",
        f"A quoted line with {O1}emphasis{C1} over two lines.",
        "Place", "Wind", f"Old {O1}harbour{C1}", "120 km/h", "Bay | pier", "calm",
        f"An item with a {O1}link{C1}.",
    ]
    assert read.blocks[0].heading and not read.blocks[1].heading
    assert read.blocks[1].labels == {1: "b", 2: "link https://met.example.org", 3: "code 120 km/h",
                                     4: "image map.png"}
    assert read.text().count("\n\n") == 9


def test_markdown_table_cells_are_written_back_in_place():
    read = MarkdownOriginal().read(MARKDOWN.encode())
    texts: list[str | None] = [None] * len(read.blocks)
    cells = {b.text: i for i, b in enumerate(read.blocks)}
    texts[cells[f"Old {O1}harbour{C1}"]] = f"Old {O1}port{C1} | quay"  # a pipe must not end the cell
    texts[cells["120 km/h"]] = "130 km/h"  # the next cell on the same line
    texts[cells["calm"]] = "still\nair"  # a line break must not end the row
    written = MarkdownOriginal().write(read.skeleton, texts).decode()
    assert "| Old **port** \\| quay | 130 km/h |\n| Bay \\| pier | still air |\n" in written
    again = [b.text for b in MarkdownOriginal().read(written.encode()).blocks]
    assert again[3:9] == ["Place", "Wind", f"Old {O1}port{C1} | quay", "130 km/h", "Bay | pier", "still air"]


def test_markdown_unchanged_is_byte_identical():
    read = MarkdownOriginal().read(MARKDOWN.encode())
    assert MarkdownOriginal().write(read.skeleton, [b.text for b in read.blocks]) == MARKDOWN.encode()
    assert MarkdownOriginal().write(read.skeleton, [None] * len(read.blocks)) == MARKDOWN.encode()


def test_markdown_corrected_sentence_with_a_moved_tag():
    read = MarkdownOriginal().read(MARKDOWN.encode())
    texts = [b.text for b in read.blocks]
    # The bold moves from "storm reached the coast" to "Monday"; the wording changes too.
    texts[1] = texts[1].replace(f"The {O1}storm reached the coast{C1} on Monday",
                                f"The storm hit the coast on {O1}Monday{C1}")
    out = MarkdownOriginal().write(read.skeleton, texts).decode()
    before, after = MARKDOWN.splitlines(), out.splitlines()
    assert after[2] == ("The storm hit the coast on **Monday**, the "
                        '[weather office](https://met.example.org "Met") said.'
                        " Winds of `120 km/h` were measured, see ![map](map.png).")
    # Everything else, to the byte: the two lines of the paragraph became one.
    assert after[:2] == before[:2] and after[3:] == before[4:]
    assert MarkdownIt("commonmark").parse(out)
    assert [b.text for b in MarkdownOriginal().read(out.encode()).blocks] == texts


def test_markdown_deleted_tag_drops_its_formatting_and_text_is_escaped():
    read = MarkdownOriginal().read(MARKDOWN.encode())
    texts = [b.text for b in read.blocks]
    texts[2] = "A *starred* [line] with emphasis over two lines."
    out = MarkdownOriginal().write(read.skeleton, texts).decode()
    assert "> A \\*starred\\* \\[line\\] with emphasis over two lines.\n" in out
    assert MarkdownOriginal().read(out.encode()).blocks[2].text == texts[2]


HTML = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>News</title><style>p { color: red }</style></head>
<body>
<h1 class="title">Storm <em>hits</em> the coast</h1>
<p id="lead">The <strong>storm <a href="https://met.example.org" title="Met">reached <i>the</i> coast</a>\
</strong>
  on Monday.<br>Second line<sup>1</sup> <img src="map.png" alt="map"></p>
<table><tr><td>Cell <b>one</b></td><td>Cell two</td></tr></table>
<pre>kept   as   is</pre>
<script>var x = "<p>not text</p>";</script>
</body></html>
"""


def test_html_blocks_carry_nested_inline_tags():
    read = HtmlOriginal().read(HTML)
    o3, c3 = open_tag(3), close_tag(3)
    assert [b.text for b in read.blocks] == [
        f"Storm {O1}hits{C1} the coast",
        f"The {O1}storm {O2}reached {o3}the{c3} coast{C2}{C1} on Monday.{solo_tag(4)}Second line"
        f"{open_tag(5)}1{close_tag(5)} {solo_tag(6)}",
        f"Cell {O1}one{C1}", "Cell two",
    ]
    assert read.blocks[1].labels == {1: "b", 2: "link https://met.example.org", 3: "i", 4: "br", 5: "sup",
                                     6: "image map"}


def _shape(markup: bytes) -> list[tuple]:
    root = lxml.html.document_fromstring(markup)
    return [(e.tag, dict(e.attrib), (e.text or "").split(), (e.tail or "").split()) for e in root.iter()]


def test_html_corrected_sentence_with_a_moved_tag():
    read = HtmlOriginal().read(HTML)
    texts = [b.text for b in read.blocks]
    # The link (tag 2, with the italic inside it) moves to "Monday" and the wording changes.
    texts[1] = (f"The {O1}storm reaches the coast{C1} on {O2}{open_tag(3)}Monday{close_tag(3)}{C2}."
                f"{solo_tag(4)}Second line{open_tag(5)}1{close_tag(5)} {solo_tag(6)}")
    out = HtmlOriginal().write(read.skeleton, texts)
    lead = lxml.html.document_fromstring(out).get_element_by_id("lead")
    assert lxml.html.tostring(lead, encoding="unicode", with_tail=False) == (
        '<p id="lead">The <strong>storm reaches the coast</strong> on <a href="https://met.example.org" '
        'title="Met"><i>Monday</i></a>.<br>Second line<sup>1</sup> <img src="map.png" alt="map"></p>')
    old, new = _shape(HTML), _shape(out)
    lead_at = [i for i, e in enumerate(old) if e[1].get("id") == "lead"][0]
    assert old[:lead_at] == new[:lead_at] and old[-5:] == new[-5:]  # the table, pre, script, as they were
    assert b"<style>p { color: red }</style>" in out and b"kept   as   is" in out
    assert [b.text for b in HtmlOriginal().read(out).blocks] == texts


def test_html_unchanged_keeps_the_page():
    read = HtmlOriginal().read(HTML)
    assert _shape(HtmlOriginal().write(read.skeleton, [None] * len(read.blocks))) == _shape(HTML)


@pytest.mark.parametrize("fmt", sorted(ORIGINALS))
def test_block_count_must_match(fmt):
    original = ORIGINALS[fmt]
    data = {"md": MARKDOWN.encode(), "html": HTML, "docx": article()}[fmt]
    read = original.read(data)
    with pytest.raises(FormatError, match="block texts"):
        original.write(read.skeleton, ["one"])


def test_hostile_html_is_refused():
    with pytest.raises(FormatError, match="entit"):
        HtmlOriginal().read(b'<!DOCTYPE html [<!ENTITY x "y">]><p>&x;</p>')


def test_pieces_drop_what_cannot_be_written():
    text = f"a{O1}b{open_tag(9)}{O2}c{C1}d{C2}{O1}{solo_tag(3)}{solo_tag(3)}e{close_tag(4)}"
    assert list(pieces(text, {1, 2, 3}, {3})) == [
        Piece("a"), Piece(kind=TagKind.OPEN, id=1), Piece("b"), Piece(kind=TagKind.OPEN, id=2), Piece("c"),
        # closing 1 closes 2, which was opened inside it; the later close of 2 and the second 1 are dropped
        Piece(kind=TagKind.CLOSE, id=2), Piece(kind=TagKind.CLOSE, id=1), Piece("d"),
        Piece(kind=TagKind.SOLO, id=3), Piece("e"),
    ]
    assert untagged(text) == "abcde"


# --- .docx ------------------------------------------------------------------------------------------------

def _docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _paragraph_xml(data: bytes) -> list[bytes]:
    root = etree.fromstring(_docx_parts(data)["word/document.xml"])
    return [etree.tostring(p, method="c14n") for p in root.iter(f"{{{W}}}p")]


def test_docx_article_blocks_carry_tags():
    read = DocxOriginal().read(article())
    assert [b.text for b in read.blocks] == [
        "Storm hits the coast",
        f"{O1}A violent storm reached the coast on Monday.{C1} Thousands of homes lost power.",
        f"The weather office said the winds were {O1}unusually strong{C1} for the season, as its "
        f"{O2}bulletin{C2} shows.{solo_tag(3)}",
        f"Read the {O1}full report{C1} online.",
        "Harbour", "120 km/h", "Old town", "95 km/h",
        "Power should be back by Wednesday, the company said.",
    ]
    assert read.blocks[0].heading
    assert read.blocks[1].labels == {1: "b"}
    assert read.blocks[2].labels == {1: "i", 2: f"link {LINKS[0]}", 3: "footnote 1"}
    assert read.blocks[3].labels == {1: f"link {LINKS[1]}"}


def test_docx_unchanged_keeps_every_part():
    original = article()
    read = DocxOriginal().read(original)
    out = DocxOriginal().write(read.skeleton, [None] * len(read.blocks))
    before, after = _docx_parts(original), _docx_parts(out)
    assert before.keys() == after.keys()
    assert {k: v for k, v in before.items() if k != "word/document.xml"} == {
        k: v for k, v in after.items() if k != "word/document.xml"}
    assert _paragraph_xml(out) == _paragraph_xml(original)


def test_docx_corrected_sentence_with_a_moved_tag():
    original = article()
    read = DocxOriginal().read(original)
    texts = [b.text for b in read.blocks]
    # The italic moves from "unusually strong" to the reworded "time of year"; the link keeps its place.
    texts[2] = (f"The weather office said the winds were unusually strong for the {O1}time of year{C1}, "
                f"as its "
                f"{O2}bulletin{C2} shows.{solo_tag(3)}")
    texts[6] = "Old harbour"
    out = DocxOriginal().write(read.skeleton, texts)
    document = docx.Document(io.BytesIO(out))  # python-docx opens it
    body = document.paragraphs[2]
    assert body.text == ("The weather office said the winds were unusually strong for the time of year, "
                         "as its bulletin shows.")
    assert [(r.text, r.italic) for r in body.runs if r.italic] == [("time of year", True)]
    assert [link.address for link in body.hyperlinks] == [LINKS[0]]
    assert [link.text for link in body.hyperlinks] == ["bulletin"]
    assert body._p.xpath(".//w:footnoteReference/@w:id") == ["1"]
    texts_out = body_text(out)
    expected = body_text(original)
    expected[expected.index("The weather office said the winds were unusually strong for the season, as its "
                            "bulletin shows.")] = body.text
    expected[expected.index("Old town")] = "Old harbour"
    assert texts_out == expected
    # Everything else as it was: other parts byte for byte, other paragraphs in canonical XML.
    before, after = _docx_parts(original), _docx_parts(out)
    assert {k: v for k, v in before.items() if k != "word/document.xml"} == {
        k: v for k, v in after.items() if k != "word/document.xml"}
    old, new = _paragraph_xml(original), _paragraph_xml(out)
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(changed) == 2
    assert document.sections[0].header.paragraphs[0].text == "Coastal Times · Monday edition"
    assert len(document.inline_shapes) == 1 and len(document.tables) == 1
    assert [b.text for b in DocxOriginal().read(out).blocks] == texts


def test_docx_deleted_tag_drops_the_formatting():
    read = DocxOriginal().read(article())
    texts = [b.text for b in read.blocks]
    texts[1] = "A violent storm reached the coast on Monday. Thousands of homes lost power."
    out = DocxOriginal().write(read.skeleton, texts)
    lead = docx.Document(io.BytesIO(out)).paragraphs[1]
    assert lead.text == texts[1] and not any(run.bold for run in lead.runs)


def _rewritten(data: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, body.replace(old, new) if info.filename == "word/document.xml" else body)
    return out.getvalue()


def test_docx_tracked_changes_are_refused():
    tracked = _rewritten(article(), b'<w:t xml:space="preserve">Read the </w:t>',
                         b'<w:t>Read the </w:t></w:r><w:ins w:id="9" w:author="A">'
                         b"<w:r><w:t>new </w:t></w:r></w:ins><w:r><w:t></w:t>")
    assert b"<w:ins " in _docx_parts(tracked)["word/document.xml"]
    with pytest.raises(FormatError, match="tracked changes: accept or reject them in Word"):
        DocxOriginal().read(tracked)


def test_docx_fields_and_text_boxes_stay_untouched():
    field = (b'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
             b'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1 May</w:t></w:r>'
             b'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> online.</w:t>')
    data = _rewritten(article(), b'<w:r><w:t xml:space="preserve"> online.</w:t>', field)
    read = DocxOriginal().read(data)
    assert read.blocks[3].text == f"Read the {O1}full report{C1}{solo_tag(2)} online."
    assert read.blocks[3].labels[2] == "field"
    texts = [b.text for b in read.blocks]
    texts[3] = f"Read the {O1}whole report{C1} online, {solo_tag(2)}."
    out = DocxOriginal().write(read.skeleton, texts)
    paragraph = docx.Document(io.BytesIO(out)).paragraphs[3]
    assert paragraph._p.xpath(".//w:instrText/text()") == [" DATE "]
    assert paragraph.text == "Read the whole report online, 1 May."


def test_docx_hostile_packages_are_refused():
    with pytest.raises(FormatError, match="zip package"):
        DocxOriginal().read(b"not a zip")
    with pytest.raises(FormatError, match="DTD or entity"):
        DocxOriginal().read(_with_dtd(article()))


def _with_dtd(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "y">]>', 1)
            target.writestr(info, body)
    return out.getvalue()


def test_sentences_break_around_tags_as_around_words():
    from segments.segmenter import split_document

    text = (f"{O1}A storm reached the coast.{C1} Homes lost power.{solo_tag(2)} "
            f"The office said {open_tag(3)}so.{close_tag(3)} {open_tag(4)}Last.{close_tag(4)}\n\nTwo.\n")
    first, second = split_document(text, "en")
    assert [s.content for s in first.sentences] == [
        f"{O1}A storm reached the coast.{C1}", f"Homes lost power.{solo_tag(2)}",
        f"The office said {open_tag(3)}so.{close_tag(3)}", f"{open_tag(4)}Last.{close_tag(4)}"]
    assert "".join(s.text for p in (first, second) for s in p.sentences) == text
    lines = split_document(f"One.{solo_tag(1)}Two.{solo_tag(2)} Three.\n", "en")[0].sentences
    assert [s.content for s in lines] == [f"One.{solo_tag(1)}", f"Two.{solo_tag(2)}", "Three."]


def test_docx_runs_differing_only_in_language_merge():
    data = _rewritten(article(), b'<w:t xml:space="preserve"> for the season, as its </w:t>',
                      b'<w:t xml:space="preserve"> for the </w:t></w:r><w:r><w:rPr><w:lang w:val="en-GB"/>'
                      b'<w:noProof/></w:rPr><w:t xml:space="preserve">season, as its </w:t>')
    assert b'w:val="en-GB"' in _docx_parts(data)["word/document.xml"]
    read = DocxOriginal().read(data)
    assert read.blocks[2].text == (f"The weather office said the winds were {O1}unusually strong{C1} for the "
                                   f"season, as its {O2}bulletin{C2} shows.{solo_tag(3)}")
