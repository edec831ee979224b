"""CSV / TSV import and export: encodings, delimiters, quoting, mapping, duplicates and every rejection."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary import CsvFormat, GlossaryFormatError, Term, read_csv, write_csv

AWKWARD = Term(
    source="“我国”, 的\n第二行", targets=("China, \"the\" country", "🇨🇳 China", "a;b"),
    src_lang="zh", tgt_lang="en",
    forbidden=("my country",), pos="properNoun", definition="עברית ואנגלית — RTL\r\nsecond line",
    note="=SUM(A1:A2) looks like a formula", domain="-politics", case_sensitive=True, status="proposed",
    created_by="Ana 'Q'", changed_by="@bob", created=datetime(2024, 5, 29, 8, 30, tzinfo=UTC),
    changed=datetime(2024, 6, 1, 12, 0), id="42",
)


def test_round_trip_keeps_every_field() -> None:
    simple = Term("科技", ("science and technology",), "zh", "en")
    report = read_csv(write_csv([AWKWARD, simple]))
    assert report.ok and report.accepted == [AWKWARD, simple]


def test_single_value_containing_a_semicolon_round_trips() -> None:
    term = Term("分号", ("a; b",), "zh", "en")
    assert read_csv(write_csv([term])).accepted == [term]


def test_export_guards_formulas_for_spreadsheets() -> None:
    text = write_csv([AWKWARD]).decode("utf-8-sig")
    assert "'=SUM" in text and "'-politics" in text and "'@bob" in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_encodings_and_delimiters(encoding: str, delimiter: str) -> None:
    text = f"source{delimiter}target{delimiter}note\n人才{delimiter}talent{delimiter}\"a{delimiter} b\"\n"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(encoding) + data
    report = read_csv(data)
    assert report.ok and report.accepted[0].note == f"a{delimiter} b"
    assert report.details["delimiter"] == delimiter


def test_spreadsheet_quoting_with_embedded_quotes_commas_and_newlines() -> None:
    data = 'source,target\r\n"科技,工作者","scientists ""and"" engineers\r\nline 2"\r\n'.encode()
    assert read_csv(data).accepted[0].targets == ('scientists "and" engineers\r\nline 2',)


def test_targets_split_on_pipe_or_semicolon_and_default_languages() -> None:
    data = "source,target,forbidden\n我国,China | the country,my country;our country\n".encode()
    term = read_csv(data, src_lang="zh-Hans", tgt_lang="en-GB").accepted[0]
    assert term.targets == ("China", "the country") and term.forbidden == ("my country", "our country")
    assert (term.src_lang, term.tgt_lang) == ("zh-Hans", "en-GB")


def test_header_aliases_user_mapping_and_ignored_columns() -> None:
    data = ("Term,Translation,Part of speech,Case-Sensitive,Kommentar,Extra\n"
            "芯片,chip,N,yes,eine Notiz,x\n").encode()
    report = read_csv(data, mapping={"kommentar": "note"})
    term = report.accepted[0]
    assert (term.source, term.targets, term.pos, term.case_sensitive, term.note) == (
        "芯片", ("chip",), "noun", True, "eine Notiz")
    assert report.ignored_columns == ("Extra",)
    with pytest.raises(ValueError, match="unknown fields: colour"):
        read_csv(data, mapping={"Extra": "colour"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        ("source,target\n我国,中国\n".encode("gb18030"), "not UTF-8 .*offset 14"),
        ("source,target\n".encode("utf-32"), "UTF-32"),
        ("source,target\nx,y\n".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"\xff\xfes\x00\x00\xd8", "not valid UTF-16"),
        (b"source,note\nx,y\n", r"missing column\(s\): target; found: source, note"),
        (b"src;tgt\nx;y\n", r"missing column\(s\): source, target"),
        (b"source,target,term\nx,y,z\n", "several columns map to 'source'"),
        (b'source,target\n"x"y,z\n', "line 2: broken CSV quoting"),
    ],
)
def test_file_level_refusals(data: bytes, message: str) -> None:
    with pytest.raises(GlossaryFormatError, match=message):
        read_csv(data)


def test_row_rejections_carry_line_numbers_and_reasons() -> None:
    data = (
        "source,target,forbidden,status,case_sensitive,created\n"
        ",orphan,,,,\n"                       # line 2: empty source
        "无译文,,,,,\n"                        # line 3: no target
        "状态,x,,final,,\n"                    # line 4: unknown status
        '"多行\n源",x,x,,,\n'                  # line 5-6: target also forbidden
        "大小写,x,,,maybe,\n"                  # line 7: bad flag
        "日期,x,,,,29/05/2024\n"               # line 8: bad date
        "多列,x,,,,,extra\n"                   # line 9: too many fields
        "\n"
        "好,good,,,,\n"                        # line 11: accepted
    ).encode()
    report = read_csv(data)
    assert not report.ok and [t.source for t in report.accepted] == ["好"]
    reasons = {r.line: r.reason for r in report.rejected}
    assert list(reasons) == [2, 3, 4, 5, 7, 8, 9]
    assert reasons[2] == "empty source term" and reasons[3] == "no target"
    assert reasons[4].startswith("unknown status 'final'")
    assert reasons[5] == "'x' is listed both as a target and as forbidden"
    assert "case_sensitive must be" in reasons[7] and "not an ISO 8601 date" in reasons[8]
    assert reasons[9] == "the row has 7 fields but the header has 6"
    assert "7 rejected" in report.summary() and "line 2: empty source term" in report.summary()


EXISTING = [Term("我国", ("China",), "zh", "en", forbidden=("my country",), note="keep", id=5)]
INCOMING = ("source,target,forbidden,note\n我国,the country,our country,new note\n"
            "我国,China,,again\n新,new,,\n").encode()


def test_duplicate_policy_skip() -> None:
    report = read_csv(INCOMING, existing=EXISTING, policy="skip")
    assert [t.source for t in report.accepted] == ["新"]
    assert [(d.line, d.action, d.existing_id, d.within_file) for d in report.duplicates] == [
        (2, "skipped", 5, False), (3, "skipped", 5, False)]


def test_duplicate_policy_overwrite_keeps_the_existing_id() -> None:
    report = read_csv(INCOMING, existing=EXISTING, policy="overwrite")
    first = report.accepted[0]
    assert (first.id, first.targets, first.note) == (5, ("China",), "again")
    actions = [(d.action, d.within_file) for d in report.duplicates]
    assert actions == [("overwritten", False), ("overwritten", True)]


def test_duplicate_policy_merge() -> None:
    report = read_csv(INCOMING, existing=EXISTING, policy="merge")
    first = report.accepted[0]
    assert first.targets == ("China", "the country") and first.forbidden == ("my country", "our country")
    assert (first.note, first.id) == ("keep", 5)
    assert {d.action for d in report.duplicates} == {"merged"}


def test_duplicates_within_the_file_are_case_insensitive() -> None:
    data = b"source,target\nAPI,x\napi,y\n"
    report = read_csv(data, policy="skip", src_lang="en", tgt_lang="de")
    assert len(report.accepted) == 1 and report.duplicates[0].within_file


def test_merge_conflict_is_rejected() -> None:
    existing = [Term("我国", ("China",), "zh", "en", forbidden=("country",))]
    data = "source,target,pos\n我国,China,\n我国,country,bogus\n".encode()
    report = read_csv(data, existing=existing, policy="merge")
    assert [r.line for r in report.rejected] == [3]


def test_unknown_policy() -> None:
    with pytest.raises(ValueError, match="unknown duplicate policy"):
        read_csv(INCOMING, policy="replace")  # type: ignore[arg-type]


def test_format_class_and_tab_export() -> None:
    data = CsvFormat.write([AWKWARD], delimiter="\t", bom=False)
    assert not data.startswith(b"\xef\xbb\xbf") and CsvFormat.read(data).accepted == [AWKWARD]


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
    lambda s: s.strip() == s and "|" not in s)


@given(source=_TEXT, target=_TEXT, note=st.text(st.characters(blacklist_categories=("Cs", "Cc"))))
def test_round_trip_property(source: str, target: str, note: str) -> None:
    term = Term(source, (target,), "zh", "en", note=note.strip())
    assert read_csv(write_csv([term])).accepted == [term]
