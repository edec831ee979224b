"""Tag tokens in XLIFF 1.2, XLIFF 2.1 and TMX: standard inline elements, valid, and read back as tokens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from segments.formats import FORMATS, Bitext, Unit
from segments.tags import close_tag, open_tag, solo_tag, untagged

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VALIDATOR = SHARED / "bench" / "validate_formats.py"
O1, C1, O2, C2 = open_tag(1), close_tag(1), open_tag(2), close_tag(2)
# A bold sentence, a link with a footnote mark after it, and a bold run cut by a sentence break.
UNITS = [
    Unit("1", f"{O1}强风{C1}袭击。", f"{O1}A storm{C1} hit.", mt=f"{O1}Storm{C1} hit."),
    Unit("2", f"见{O2}公告{C2}{solo_tag(3)}。", f"See the {O2}bulletin{C2}.{solo_tag(3)}",
         mt=f"See {O2}bulletin{C2}.{solo_tag(3)}", state="edited"),
    Unit("3", f"{O1}开头。", f"{O1}The start.", mt=f"{O1}Start."),
    Unit("4", f"结尾{C1}。", f"The end.{C1}", mt=f"End.{C1}"),
]
ELEMENTS = {"xliff12": {"g", "x", "bx", "ex"}, "xliff21": {"pc", "ph", "sc", "ec"},
            "tmx": {"bpt", "ept", "ph", "it"}}


def _export(format_id: str) -> bytes:
    return FORMATS[format_id].dumps(Bitext("News", "zh", "en", "doc-1", UNITS))


@pytest.mark.parametrize("format_id", sorted(ELEMENTS))
def test_tags_become_standard_inline_elements_and_come_back(format_id):
    data = _export(format_id)
    segments = [e for e in etree.fromstring(data).iter(etree.Element)
                if etree.QName(e).localname in ("source", "target", "seg")]
    assert segments and not any("\ue000" in "".join(e.itertext()) for e in segments)
    names = {etree.QName(e).localname for e in etree.fromstring(data).iter(etree.Element)}
    assert ELEMENTS[format_id] <= names
    back = list(FORMATS[format_id].read(data, doc_key="doc-1").units)
    assert [(u.source, u.target) for u in back] == [(u.source, u.target) for u in UNITS]
    if format_id == "tmx":  # TMX keeps the MT in a <prop>, which holds text only: the MT without its tags
        assert [u.mt for u in back] == [untagged(u.mt) for u in UNITS]
        assert "\ue000" not in data.decode("utf-8") and "\ue002" not in data.decode("utf-8")
    else:
        assert [u.mt for u in back] == [u.mt for u in UNITS]


@pytest.mark.skipif(not VALIDATOR.is_file(), reason="../shared is not available")
@pytest.mark.parametrize("format_id", sorted(ELEMENTS))
def test_tagged_exports_validate(format_id, tmp_path):
    path = tmp_path / f"tagged.{'tmx' if format_id == 'tmx' else 'xlf'}"
    path.write_bytes(_export(format_id))
    result = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and result.stdout.startswith("OK"), result.stdout + result.stderr


def test_translate_toolkit_round_trip_keeps_the_tags():
    xliff = pytest.importorskip("translate.storage.xliff")
    store = xliff.xlifffile.parsestring(_export("xliff12"))
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 4
    strelem = pytest.importorskip("translate.storage.placeables.strelem")
    # An editor rewords a translation through translate-toolkit's placeables, leaving the codes alone.
    rich = units[1].rich_target
    assert [type(part).__name__ for part in rich[0].sub] == ["StringElem", "G", "StringElem", "X"]
    rich[0].sub[0] = strelem.StringElem("Read the ")
    units[1].rich_target = rich
    back = list(FORMATS["xliff12"].read(bytes(store), doc_key="doc-1").units)
    expected = [(u.source, u.target) for u in UNITS]
    expected[1] = (UNITS[1].source, f"Read the {O2}bulletin{C2}.{solo_tag(3)}")
    assert [(u.source, u.target) for u in back] == expected
