"""Contract tests over every registered format: round trips, schemas, translate-toolkit read-back."""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from segments.formats import FORMATS, Bitext, FormatError, Note, Piece, Unit, read_bitext, read_document
from segments.formats.common import XML_INVALID
from segments.tags import close_tag, open_tag, solo_tag

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VALIDATOR = SHARED / "bench" / "validate_formats.py"
XML_FORMATS = ("tmx", "xliff12", "xliff21")
BILINGUAL = tuple(fid for fid, fmt in FORMATS.items() if fmt.kind == "bilingual")
TEXT = tuple(fid for fid, fmt in FORMATS.items() if fmt.kind == "text")
WHEN = datetime(2024, 5, 29, 8, 30, 15, tzinfo=UTC)
AWKWARD = (
    'He said "yes" & she said \'no\' <b>bold</b> a<b',
    "科学工作者是国家的宝贵财富。",
    "emoji 😀👍🏽 and RTL שלום עליכם مرحبا",
    "  leading and trailing spaces  ",
    "tab\tand\nnewline",
    "]]> and &amp; and &#x41; as text",
    "controls \x01\x08\x0b\x1f and \ufffe\uffff end",
)


def _units() -> list[Unit]:
    notes = (Note("check the & term", "reviewer", WHEN, True), Note("plain <note>"))
    units = [
        Unit(f"u{i}", AWKWARD[i], AWKWARD[-1 - i], mt=AWKWARD[(i + 3) % len(AWKWARD)],
             state=("new", "edited", "confirmed", "flagged")[i % 4], notes=notes if i % 2 else (),
             paragraph=i // 2, created=WHEN if i % 3 == 0 else None, changed=WHEN if i % 3 == 1 else None,
             author="ann" if i % 2 else "")
        for i in range(len(AWKWARD))
    ]
    units.append(Unit("key with spaces/和", "", "MT-only unit", mt="MT-only unit", paragraph=9))
    return units


def _bitext(units: list[Unit] | None = None) -> Bitext:
    return Bitext("Science & <workers>", "zh-CN", "en", "doc-42", units if units is not None else _units())


def _fffd(text: str) -> str:
    return XML_INVALID.sub("\ufffd", text)


def _expected(format_id: str, unit: Unit) -> Unit:
    """What each format is documented to keep of a unit."""
    if format_id in ("tmx", "xliff12"):
        texts = {name: _fffd(getattr(unit, name)) for name in ("source", "target", "mt")}
        unit = dataclasses.replace(unit, **texts)
    if format_id == "tmx":
        return dataclasses.replace(unit, notes=tuple(Note(note.text) for note in unit.notes))
    if format_id == "xliff12":
        return dataclasses.replace(unit, notes=tuple(Note(note.text, note.author) for note in unit.notes))
    if format_id in ("csv", "tsv"):
        return dataclasses.replace(unit, notes=tuple(Note(note.text) for note in unit.notes))
    return unit


def test_registry_lists_every_format_once_with_its_metadata():
    assert set(FORMATS) == {"txt", "md", "docx", "html", "tmx", "xliff12", "xliff21", "csv", "tsv", "json"}
    for format_id, fmt in FORMATS.items():
        assert fmt.format_id == format_id and fmt.label and fmt.media_type
        assert fmt.kind in ("text", "bilingual") and all(ext.startswith(".") for ext in fmt.extensions)


@pytest.mark.parametrize("format_id", BILINGUAL)
def test_bilingual_round_trip_keeps_units_texts_and_header(format_id):
    fmt = FORMATS[format_id]
    data = fmt.dumps(_bitext(iter(_units())))  # a lazy iterable, consumed once
    back = fmt.read(data)
    assert [_expected(format_id, unit) for unit in _units()] == list(back.units)
    if format_id not in ("csv", "tsv"):
        assert (back.title, back.doc_key) == ("Science & <workers>", "doc-42")
        assert back.src_lang == "zh-CN" and back.tgt_lang == "en"


@pytest.mark.parametrize("format_id", BILINGUAL)
def test_confirmed_only_export(format_id):
    back = FORMATS[format_id].read(FORMATS[format_id].dumps(_bitext(), confirmed_only=True))
    assert [unit.key for unit in back.units] == [unit.key for unit in _units() if unit.state == "confirmed"]


@pytest.mark.parametrize("format_id", ("tmx", "xliff12", "xliff21", "json"))
def test_reader_refuses_a_file_of_another_document(format_id):
    data = FORMATS[format_id].dumps(_bitext())
    assert FORMATS[format_id].read(data, doc_key="doc-42").doc_key == "doc-42"
    with pytest.raises(FormatError, match="doc-42.*not to 'doc-7'"):
        read_bitext(data, doc_key="doc-7")


@pytest.mark.parametrize("format_id", BILINGUAL)
def test_read_bitext_picks_the_reader_by_content_and_extension(format_id):
    fmt = FORMATS[format_id]
    back = read_bitext(fmt.dumps(_bitext()), filename=f"export{fmt.extensions[0]}")
    assert len(back.units) == len(_units())


def test_xliff2_keeps_control_characters_as_cp_elements_and_surrogates_become_fffd():
    unit = Unit("1", "a\x00b", "c\x1fd\ufffe", mt="\x07")
    data = FORMATS["xliff21"].dumps(_bitext([unit, Unit("2", "lone \ud800", "x")]))
    assert b'<cp hex="0000"/>' in data and b'<cp hex="FFFE"/>' in data and b'<cp hex="0007"/>' in data
    units = FORMATS["xliff21"].read(data).units
    assert units[0] == unit and units[1].source == "lone \ufffd"


@pytest.mark.parametrize("format_id", ("tmx", "xliff12"))
def test_tmx_and_xliff12_replace_what_xml_cannot_hold_by_fffd(format_id):
    data = FORMATS[format_id].dumps(_bitext([Unit("1", "a\x00b\ud800", "c\x1b", notes=(Note("n\x02"),))]))
    unit = FORMATS[format_id].read(data).units[0]
    assert (unit.source, unit.target, unit.notes[0].text) == ("a\ufffdb\ufffd", "c\ufffd", "n\ufffd")


@pytest.mark.parametrize("format_id", ("csv", "tsv", "json", "txt"))
def test_plain_formats_keep_control_characters_and_drop_lone_surrogates(format_id):
    fmt = FORMATS[format_id]
    if fmt.kind == "text":
        assert fmt.dumps([Piece("a\x01\ud800", "\n", 0)]) == "a\x01\ufffd\n".encode()
        return
    unit = fmt.read(fmt.dumps(_bitext([Unit("1", "a\x01\ud800", "b\r\nc")]))).units[0]
    assert (unit.source, unit.target) == ("a\x01\ufffd", "b\r\nc")


def test_xliff2_refuses_to_export_no_unit():
    with pytest.raises(FormatError, match="at least one unit"):
        FORMATS["xliff21"].dumps(_bitext([]))


@pytest.mark.parametrize(
    ("state", "xliff12", "xliff21"),
    [
        ("new", 'state="needs-review-translation" state-qualifier="leveraged-mt"', 'state="initial"'),
        ("edited", 'state="translated"', 'state="translated"'),
        ("confirmed", 'state="signed-off"', 'state="final"'),
        ("flagged", 'state="needs-review-translation" state-qualifier="x-flagged"',
         'state="translated" subState="bitext:flagged"'),
    ],
)
def test_state_mapping(state, xliff12, xliff21):
    bitext = _bitext([Unit("1", "s", "t", state=state)])
    assert xliff12.encode() in FORMATS["xliff12"].dumps(bitext)
    assert xliff21.encode() in FORMATS["xliff21"].dumps(bitext)


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ('state="final"', "confirmed"), ('state="signed-off"', "confirmed"), ('state="translated"', "edited"),
        ('state="new"', "new"), ('state="needs-translation"', "new"), ("", "new"),
        ('state="needs-review-translation"', "new"),
        ('state="needs-review-l10n" state-qualifier="rejected-inaccurate"', "flagged"),
    ],
)
def test_foreign_xliff12_states_are_mapped_back(attributes, expected):
    data = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
        f'source-language="zh" datatype="plaintext"><body><trans-unit id="1"><source>s</source>'
        f"<target {attributes}>t</target></trans-unit></body></file></xliff>"
    ).encode()
    assert FORMATS["xliff12"].read(data).units[0].state == expected


def test_foreign_xliff2_with_segments_inline_codes_and_reviewed_state():
    data = b"""<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
      <file id="f"><unit id="u1"><segment state="reviewed"><source>A <pc id="1">b</pc><ph id="2"/></source>
      <target>X <pc id="1">y</pc></target></segment><ignorable><source> </source></ignorable>
      <segment state="final"><source>C</source><target>Z</target></segment></unit></file></xliff>"""
    unit = FORMATS["xliff21"].read(data).units[0]
    # Inline codes with numeric ids come back as tag tokens (and are written again as <pc>/<ph>).
    assert (unit.key, unit.source, unit.target, unit.state) == (
        "u1", f"A {open_tag(1)}b{close_tag(1)}{solo_tag(2)} C", f"X {open_tag(1)}y{close_tag(1)} Z",
        "confirmed")


@functools.cache
def _load_validator():
    spec = importlib.util.spec_from_file_location("validate_formats", VALIDATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _validator():
    if not VALIDATOR.is_file():
        pytest.skip("../shared is absent: no official schemas to validate against")
    return _load_validator()


@pytest.mark.parametrize("format_id", XML_FORMATS)
@pytest.mark.parametrize("confirmed_only", [False, True])
def test_xml_exports_validate_against_the_official_schemas(format_id, confirmed_only, tmp_path, capsys):
    validator = _validator()
    path = tmp_path / f"export{FORMATS[format_id].extensions[0]}"
    path.write_bytes(FORMATS[format_id].dumps(_bitext(), confirmed_only=confirmed_only))
    status = validator.main(["--toolkit-strict", str(path)])
    output = capsys.readouterr().out
    assert status == 0, output
    assert "translate-toolkit" in output


def _toolkit_store(format_id: str, data: bytes):
    if format_id == "tmx":
        from translate.storage.tmx import tmxfile

        return tmxfile.parsefile(io.BytesIO(data))
    if format_id == "xliff12":
        from translate.storage.xliff import xlifffile

        return xlifffile.parsefile(io.BytesIO(data))
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    return xliff2.Xliff2File.parsefile(io.BytesIO(data))


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_translate_toolkit_reads_the_same_units_and_texts(format_id):
    pytest.importorskip("translate.storage.tmx")
    units = [dataclasses.replace(unit, source=unit.source or "x") for unit in _units()]
    store = _toolkit_store(format_id, FORMATS[format_id].dumps(_bitext(units)))
    seen = [(str(unit.source), str(unit.target)) for unit in store.units if not unit.isheader()]
    if format_id == "xliff21":  # the toolkit does not decode <cp>, so compare units without controls
        units = [unit for unit in units if not XML_INVALID.search(unit.source + unit.target)]
        seen = [pair for pair in seen if pair[0] in {unit.source for unit in units}]
    assert seen == [(_fffd(unit.source), _fffd(unit.target)) for unit in units]


def test_tmx_header_dates_and_ids_follow_tmx(tmp_path):
    data = FORMATS["tmx"].dumps(_bitext())
    assert data.startswith(b"<?xml") and b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in data
    assert b'creationdate="20240529T083015Z"' in data and b'changedate="20240529T083015Z"' in data
    assert b'creationid="ann"' in data and b'changeid="ann"' in data


@pytest.mark.parametrize("format_id", TEXT)
def test_text_formats_round_trip_through_read_document(format_id):
    pieces = [Piece("Science workers", "\n\n", 0)] + [
        Piece(" ".join(_fffd(text).split()), "\n\n" if i % 2 else " ", 1 + i // 2 * 2)
        for i, text in enumerate(AWKWARD)
    ]
    fmt = FORMATS[format_id]
    data = fmt.dumps(pieces, title="Title & <co>")
    text = read_document(data, filename=f"x{fmt.extensions[0]}")
    expected = "".join(piece.text + piece.tail for piece in pieces)
    if format_id == "txt":
        assert text == expected
    else:
        assert text.rstrip("\n").split("\n\n") == expected.strip().split("\n\n")
