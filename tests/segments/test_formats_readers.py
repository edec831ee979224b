"""Document import: encodings, readers picked by content and extension, and every bad-input path."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from segments.formats import FORMATS, FormatError, Piece, decode_text, read_bitext, read_document

ZH = "科学工作者是国家的宝贵财富。\n\n习近平总书记强调，要加强基础研究。\n"


def _docx(*paragraphs: str) -> bytes:
    return FORMATS["docx"].dumps([Piece(text, "\n\n", index) for index, text in enumerate(paragraphs)])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ZH.encode("utf-8"), ZH),
        (b"\xef\xbb\xbf" + ZH.encode("utf-8"), ZH),
        (ZH.encode("utf-16"), ZH),
        (ZH.encode("utf-16-le"), ZH),
        (ZH.encode("gbk"), ZH),
        (ZH.encode("gb18030"), ZH),
        ("短".encode("gbk"), "短"),
        ("科學工作者是國家的寶貴財富。習近平總書記強調，要加強基礎研究。".encode("big5") * 4,
         "科學工作者是國家的寶貴財富。習近平總書記強調，要加強基礎研究。" * 4),
        (ZH.replace("\n", "\r\n").encode("utf-8"), ZH),
        (b"old\rmac\rlines", "old\nmac\nlines"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "gbk", "gb18030", "gbk-short", "big5", "crlf", "cr"],
)
def test_decode_text_detects_the_encoding_and_normalises_newlines(data, expected):
    assert decode_text(data) == expected


def test_user_encoding_overrides_detection_and_a_wrong_one_is_reported():
    data = "Café".encode("cp1252")
    assert decode_text(data, "cp1252") == "Café"
    with pytest.raises(FormatError, match="not valid utf-8.*choose another encoding"):
        decode_text(ZH.encode("gbk"), "utf-8")
    with pytest.raises(FormatError, match="unknown text encoding"):
        decode_text(b"abc", "no-such-codec")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n ", "no text"),
        (bytes(range(256)) * 8, "binary"),
        (b"text\x00with\x00nul bytes here", "binary"),
        (b"\x01\x02\x03\x04\x05 mostly controls \x06\x07\x0e\x0f\x10\x11\x12\x13\x14\x15", "binary"),
    ],
)
def test_decode_text_refuses_empty_and_binary_data(data, message):
    with pytest.raises(FormatError, match=message):
        decode_text(data)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"Title\n\nBody text.\n", "a.txt", "Title\n\nBody text.\n"),
        (b"# Title\n\nSome *body* text.\n", "a.md", "Title\n\nSome body text.\n"),
        (b"<!doctype html><title>t</title><script>x()</script><h1>Title</h1><p>Body<br>two</p>", None,
         "Title\n\nBody\ntwo\n"),
        (b"<p>A &amp; B</p><style>p{}</style><div>C <b>bold</b></div>", "page.html", "A & B\n\nC bold\n"),
    ],
)
def test_read_document_picks_the_reader_by_content_and_extension(data, filename, expected):
    assert read_document(data, filename) == expected


def test_read_document_format_override_and_docx_paragraphs():
    assert read_document(b"# not a heading", "a.md", format_id="txt") == "# not a heading"
    assert read_document(_docx("Title", "First.", "Second."), "upload.bin") == "Title\n\nFirst.\n\nSecond.\n"
    with pytest.raises(FormatError, match="cannot be imported as a document"):
        read_document(b"x", format_id="tmx")


def test_docx_reader_keeps_table_cells_and_line_breaks():
    document = docx.Document()
    document.add_paragraph("Before")
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = "Cell"
    document.add_paragraph("line one\nline two")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_document(buffer.getvalue(), "x.docx") == "Before\n\nCell\n\nline one\nline two\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="zh"
datatype="plaintext"><body><trans-unit id="1"><source>&lol3;</source></trans-unit></body></file></xliff>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>&xxe;</seg></tuv></tu></body>
</tmx>"""


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (_docx("Hello")[:200], "x.docx", "damaged or truncated"),
        (_docx("Hello")[:-100], "x.docx", "damaged or truncated"),
        (b"plain text", "x.docx", "not a Word document"),
        (_zip({"hello.txt": b"not word"}), "x.docx", "not a readable Word"),
        (_zip({"[Content_Types].xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>"}), "x.docx", "DTD or entity"),
        (_zip({"big.xml": b"\0" * 20_000_000}), "x.docx", "zip bomb"),
        (b"%PDF-1.7 ...", "x.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.doc", "old Office"),
        (b"<?xml version='1.0'?><tmx version='1.4'/>", "x.txt", "bilingual file"),
        (b"x" * 101, "x.txt", "too large"),
    ],
)
def test_read_document_refuses_bad_files_with_a_clear_message(data, filename, message):
    with pytest.raises(FormatError, match=message):
        read_document(data, filename, max_bytes=100 if len(data) == 101 else 10_000_000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file>", "malformed XML"),
        (BILLION_LAUGHS, "entity"),
        (XXE, "entity"),
        (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.1' version='1.1'/>", "unsupported XLIFF"),
        (b"<html><body>no</body></html>", "not a bilingual file"),
        (b'{"format": "other"}', "not a Bitext Workbench JSON"),
        (b'{"format": "bitext-workbench", "units": [{"key": "1", "state": "odd"}]}', "unknown unit state"),
        (b'{"format": "bitext-workbench", "units": ' + b"[" * 100_000, "malformed JSON"),
    ],
)
def test_read_bitext_refuses_bad_files_with_a_clear_message(data, message):
    with pytest.raises(FormatError, match=message):
        read_bitext(data)


@pytest.mark.parametrize("format_id", ["tmx", "xliff12", "xliff21"])
def test_xml_readers_refuse_the_wrong_root_and_oversized_input(format_id):
    with pytest.raises(FormatError, match="not a"):
        FORMATS[format_id].read(b"<html/>")
    with pytest.raises(FormatError, match="too large"):
        FORMATS[format_id].read(b"<tmx/>" * 100, max_bytes=100)


def test_errors_are_value_errors():
    assert issubclass(FormatError, ValueError)


def test_csv_reader_refuses_ragged_rows_and_a_missing_header():
    with pytest.raises(FormatError, match="name the columns"):
        FORMATS["csv"].read(b"a,b\n1,2\n")
    with pytest.raises(FormatError, match="row 2 has 1 cells"):
        FORMATS["csv"].read(b"key,source,target\n1\n")


def test_csv_defuses_formulas_and_reads_them_back():
    bitext = FORMATS["json"].read(b'{"format": "bitext-workbench", "units": [{"key": "1", "source": "=1+2", '
                                  b'"target": "\'=x", "mt": "-3"}]}')
    data = FORMATS["csv"].dumps(bitext)
    assert b",'=1+2," in data and b",''=x," in data and data.startswith(b"\xef\xbb\xbf")
    unit = FORMATS["csv"].read(data).units[0]
    assert (unit.source, unit.target, unit.mt) == ("=1+2", "'=x", "-3")
