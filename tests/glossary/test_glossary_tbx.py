"""TBX import and export: round trips, official schemas, translate-toolkit read-back and unsafe XML."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from glossary import EmptyGlossaryError, GlossaryFormatError, TbxFormat, Term, read_tbx, write_tbx

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VALIDATOR = SHARED / "bench" / "validate_formats.py"
SAMPLES = SHARED / "schemas" / "samples"

TERMS = [
    Term("我国", ("China", "the country"), "zh", "en", forbidden=("my country", "our country"),
         pos="properNoun", domain="politics", definition='Say "China" <not> “my country” & co.',
         note="line 1\nline 2 — עברית 🇨🇳", created_by="ana", created=datetime(2024, 5, 29, 8, 30),
         changed_by="bo", changed=datetime(2024, 6, 1)),
    Term("人才", ("talent",), "zh", "en", status="proposed", pos="noun"),
    Term("旧", ("old",), "zh", "en", status="deprecated"),
]


def without_times(term: Term) -> Term:
    return Term(**{**term.__dict__, "created": None, "changed": None, "case_sensitive": False})


@pytest.mark.parametrize("version", ["2", "3"])
def test_round_trip(version: str) -> None:
    report = read_tbx(write_tbx(TERMS, version=version))
    assert report.ok and report.details["version"] == version
    assert [without_times(t) for t in report.accepted] == [without_times(t) for t in TERMS]
    created = report.accepted[0].created
    assert created == (datetime(2024, 5, 29) if version == "2" else datetime(2024, 5, 29, 8, 30))


def test_format_class_defaults_to_tbx_basic_2008() -> None:
    data = TbxFormat.write(TERMS)
    assert b'<martif type="TBX-Basic" xml:lang="zh">' in data
    assert b"deprecatedTerm-admn-sts" in data and b"admittedTerm-admn-sts" in data
    assert TbxFormat.read(data, existing=TERMS[:1], policy="skip").duplicates[0].action == "skipped"


def test_export_refuses_invalid_entries_and_versions() -> None:
    with pytest.raises(ValueError, match="cannot export the entry 'x': no target"):
        write_tbx([Term("x", (), "zh", "en")])
    with pytest.raises(ValueError, match="unknown TBX version"):
        write_tbx(TERMS, version="4")  # type: ignore[arg-type]


@pytest.mark.parametrize("version", ["2", "3"])
def test_an_empty_glossary_has_no_tbx_form(version: str) -> None:
    with pytest.raises(EmptyGlossaryError, match="nothing to export"):
        write_tbx([], version=version)  # type: ignore[arg-type]


@pytest.mark.skipif(not VALIDATOR.is_file(), reason="../shared is not available")
@pytest.mark.parametrize("version", ["2", "3"])
def test_an_empty_body_is_what_the_schemas_refuse(version: str, tmp_path: Path) -> None:
    """Why an empty glossary is refused instead of written: `<body/>` fails both official schemas."""
    pytest.importorskip("lxml.isoschematron")
    one = write_tbx(TERMS[:1], version=version)  # type: ignore[arg-type]
    start, end = one.index(b"<body>"), one.index(b"</body>") + len(b"</body>")
    path = tmp_path / "empty.tbx"
    path.write_bytes(one[:start] + b"<body/>" + one[end:])
    result = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1 and result.stdout.startswith("FAIL"), result.stdout


@pytest.mark.skipif(not VALIDATOR.is_file(), reason="../shared is not available")
@pytest.mark.parametrize("version", ["2", "3"])
def test_export_validates_against_the_official_schemas(version: str, tmp_path: Path) -> None:
    pytest.importorskip("lxml.isoschematron")
    path = tmp_path / f"glossary-v{version}.tbx"
    path.write_bytes(write_tbx(TERMS, version=version))
    result = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK") and "3 units" in result.stdout


def test_translate_toolkit_reads_the_export() -> None:
    tbx = pytest.importorskip("translate.storage.tbx")
    store = tbx.tbxfile.parsestring(write_tbx(TERMS), sourcelanguage="zh", targetlanguage="en")
    units = [u for u in store.units if not u.isheader()]
    assert [u.source for u in units] == ["我国", "人才", "旧"]
    targets = ["China", "the country", "my country", "our country"]
    assert [t.text for t in units[0].get_target_terms()] == targets
    assert [t.deprecated for t in units[0].get_target_terms()] == [False, False, True, True]
    assert units[0].target == "China"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared is not available")
@pytest.mark.parametrize("name", ["sample-tbx-basic-v2.tbx", "sample-tbx-basic-v3.tbx"])
def test_reads_the_official_samples(name: str) -> None:
    report = read_tbx((SAMPLES / name).read_bytes(), tgt_lang="de")
    term = report.accepted[0]
    assert (term.source, term.targets, term.src_lang, term.tgt_lang, term.domain, term.pos) == (
        "save", ("speichern",), "en-US", "de-DE", "software", "verb")


def test_reads_tbx_2008_core_with_ntig_and_language_level_data() -> None:
    data = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="a">
  <langSet xml:lang="en"><descrip type="definition">A device.</descrip>
    <ntig><termGrp><term>chip</term><termNote type="partOfSpeech">Noun</termNote></termGrp></ntig></langSet>
  <langSet xml:lang="zh-CN"><note>mainland</note>
    <tig><term>晶片</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>芯片</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>""".encode()
    term = read_tbx(data).accepted[0]
    assert (term.source, term.targets, term.forbidden, term.pos) == ("chip", ("芯片",), ("晶片",), "noun")
    assert (term.definition, term.note, term.tgt_lang) == ("A device.", "mainland", "zh-CN")


def test_bad_entries_are_rejected_with_line_numbers() -> None:
    data = b"""<martif type="TBX-Basic" xml:lang="zh"><text><body>
<termEntry id="a"><langSet xml:lang="zh"><tig><term>x</term></tig></langSet></termEntry>
<termEntry id="b"></termEntry>
<termEntry id="c"><langSet xml:lang="zh"><tig><term></term></tig></langSet><langSet xml:lang="en">
<tig><term>y</term></tig></langSet></termEntry>
<termEntry id="d"><transacGrp><transac type="transactionType">origination</transac><date>soon</date>
</transacGrp><langSet xml:lang="zh"><tig><term>z</term></tig></langSet><langSet xml:lang="en">
<tig><term>z</term></tig></langSet></termEntry>
</body></text></martif>"""
    report = read_tbx(data)
    assert [(r.line, r.reason) for r in report.rejected] == [
        (2, "entry has no target language <langSet> (found: zh)"),
        (3, "entry has no <langSet>"),
        (4, 'entry has no source term in <langSet xml:lang="zh">'),
        (6, "<date> 'soon' is not an ISO 8601 date"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<martif><text><body>", "malformed XML"),
        (b"not xml at all", "malformed XML"),
        (b"<tmx version='1.4'/>", "not a TBX file: the root element is <tmx>"),
        (b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
         b"<martif><text><body><termEntry><langSet xml:lang='en'><tig><term>&xxe;</term></tig></langSet>"
         b"</termEntry></body></text></martif>", "entity"),
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
         b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><martif>&lol3;</martif>', "entity"),
        (b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY % ext SYSTEM "http://example.invalid/x.dtd">'
         b" %ext;]><martif/>", "entit|malformed"),
    ],
)
def test_unsafe_or_malformed_xml_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(GlossaryFormatError, match=message):
        read_tbx(data)
