"""Clean-text writers: exact spacing, headings, escaping, typography options."""

from __future__ import annotations

import io

import docx
import lxml.html
import pytest

from segments.formats import FORMATS, Piece, TypographyOptions, normalise_typography
from segments.formats.typography import normalise_text
from segments.segmenter import split_document

DOC = "Science workers\n\nThe first sentence.  The second one!\nA new line.\n\nLast paragraph?   \n"


def _pieces(text: str = DOC) -> list[Piece]:
    return [
        Piece(sentence.text.rstrip(), sentence.tail, paragraph.index)
        for paragraph in split_document(text)
        for sentence in paragraph.sentences
    ]


def test_txt_reproduces_the_original_spacing_exactly():
    assert FORMATS["txt"].dumps(_pieces()).decode() == DOC


def test_html_is_a_full_escaped_document_with_headings_and_paragraphs():
    pieces = _pieces() + [Piece("Sub <heading> & more", "\n\n", 9, heading=True), Piece("x\x01y", "", 10)]
    page = FORMATS["html"].dumps(pieces, title="A <t> & b", lang="en_GB").decode()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<title>A &lt;t&gt; &amp; b</title>" in page
    assert "<h1>Science workers</h1>" in page and "<h2>Sub &lt;heading&gt; &amp; more</h2>" in page
    assert "<p>The first sentence.  The second one!<br>\nA new line.</p>" in page and "x\ufffdy" in page
    body = lxml.html.document_fromstring(page).body
    assert [element.tag for element in body] == ["h1", "p", "p", "h2", "p"]


def test_a_punctuated_first_line_is_not_a_heading():
    page = FORMATS["html"].dumps([Piece("A full sentence.", "\n\n", 0), Piece("Next", "", 1)]).decode()
    assert "<p>A full sentence.</p>" in page and "<p>Next</p>" in page


def test_docx_keeps_paragraphs_and_uses_heading_styles():
    pieces = _pieces() + [Piece("Flagged heading", "\n\n", 9, heading=True)]
    document = docx.Document(io.BytesIO(FORMATS["docx"].dumps(pieces, title="T")))
    rows = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert rows == [
        ("Heading 1", "Science workers"),
        ("Normal", "The first sentence.  The second one!\nA new line."),
        ("Normal", "Last paragraph?"),
        ("Heading 2", "Flagged heading"),
    ]
    assert document.core_properties.title == "T"


def test_markdown_escapes_markup_and_writes_headings():
    pieces = [Piece("Title", "\n\n", 0), Piece("*not* [a](link) # x", "\n\n", 1), Piece("1. no list", "", 2)]
    assert FORMATS["md"].dumps(pieces).decode() == "# Title\n\n\\*not\\* \\[a\\](link) # x\n\n1\\. no list\n"


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ('He said “yes” and ‘no’.', TypographyOptions(quotes="straight"), "He said \"yes\" and 'no'."),
        ("He said \"yes\" and 'no', it's fine.", TypographyOptions(quotes="curly"),
         "He said “yes” and ‘no’, it’s fine."),
        ("Too  many   spaces", TypographyOptions(single_space=True), "Too many spaces"),
        ("Wait , what ? Yes !", TypographyOptions(no_space_before_punctuation=True), "Wait, what? Yes!"),
        ("Untouched  “text” ,", TypographyOptions(), "Untouched  “text” ,"),
    ],
)
def test_typography_options(text, options, expected):
    assert normalise_text(text, options) == expected


def test_single_space_between_sentences_keeps_line_breaks():
    pieces = list(normalise_typography(_pieces(), TypographyOptions(single_space=True)))
    assert "".join(piece.text + piece.tail for piece in pieces) == DOC.replace(".  The", ". The")


@pytest.mark.parametrize("format_id", ["txt", "md", "html", "docx"])
def test_text_writers_accept_typography_options(format_id):
    options = TypographyOptions(quotes="curly")
    data = FORMATS[format_id].dumps([Piece('Say "hi".', "", 0)], typography=options)
    text = FORMATS[format_id].read(data)
    assert "“hi”" in text
