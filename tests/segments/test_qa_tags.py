"""Inline tags in QA: the tags check and its fixes, and every other check blind to tags.

Texts are written with <1>, </1> and <3/> for readability and turned into tag tokens before the checks run.
"""

from __future__ import annotations

import re

import pytest

from segments.qa.fixes import compose
from segments.qa.model import FixKind, QaContext, QaRow
from segments.qa.runner import check_document, check_row
from segments.tags import broken, close_tag, open_tag, solo_tag, untagged

SAFE, SUGGESTED = FixKind.SAFE, FixKind.SUGGESTED
CONTEXT = QaContext()


def t(text: str) -> str:
    """``text`` with <n>, </n> and <n/> turned into tag tokens."""
    def token(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return close_tag(n) if m.group(1) else solo_tag(n) if m.group(3) else open_tag(n)
    return re.sub(r"<(/?)(\d+)(/?)>", token, text)


def shown(text: str) -> str:
    """Inverse of ``t``."""
    for n in range(1, 10):
        text = text.replace(open_tag(n), f"<{n}>").replace(close_tag(n), f"</{n}>")
        text = text.replace(solo_tag(n), f"<{n}/>")
    return text


def tag_issues(target: str, mt: str = "", source: str = ""):
    return [i for i in check_row(QaRow(1, t(source), t(target), t(mt)), CONTEXT) if i.check_id == "tags"]


MT = "The <1>lead</1> story was written by Li<3/> in Beijing."

# (mt, target, message fragment, text after the first fix, its kind)
CASES = [
    (MT, "The lead story was written by Li<3/> in Beijing.", "Tags 1 and /1 of the MT are missing",
     "The <1>lead</1> story was written by Li<3/> in Beijing.", SAFE),
    (MT, "Li<3/> wrote the <1>lead story.", "Tag /1 of the MT is missing",
     "Li<3/> wrote the <1>lead</1> story.", SAFE),
    (MT, "Li wrote the <1>lead</1> story in Beijing.", "Tag 3/ of the MT is missing",
     "Li<3/> wrote the <1>lead</1> story in Beijing.", SAFE),
    # No word of the MT to go by: the same relative place, as a suggestion.
    ("<1>Beijing</1> said.", "The capital announced.", "Tags 1 and /1 of the MT are missing",
     "The capital announced.", None),
    (MT, "The <1>lead</1> story</1> was written by Li<3/> in Beijing.", "Tag /1 appears 2 times",
     "The <1>lead</1> story was written by Li<3/> in Beijing.", SAFE),
    (MT, "The </1>lead<1> story was written by Li<3/> in Beijing.", "Tag /1 closes before 1 opens",
     "The <1>lead</1> story was written by Li<3/> in Beijing.", SUGGESTED),
    (MT, "The <1>lead</1> story was written by Li<3/> in <4/>Beijing.", "Tag 4/ is not in the MT",
     "The <1>lead</1> story was written by Li<3/> in Beijing.", SUGGESTED),
    ("", "The <1>lead story was written.", "Tag 1 opens but never closes",
     "The <1>lead story was written.</1>", SUGGESTED),
    ("", "The lead</1> story was written.", "Tag /1 closes a tag that never opened",
     "The lead story was written.", SUGGESTED),
    (MT, "The <1>le\ue001ad</1> story was written by Li<3/> in Beijing.", "A tag was cut apart",
     "The <1>lead</1> story was written by Li<3/> in Beijing.", SAFE),
]


@pytest.mark.parametrize(("mt", "target", "message", "fixed", "kind"), CASES)
def test_tags_check(mt: str, target: str, message: str, fixed: str, kind: FixKind | None) -> None:
    issues = tag_issues(target, mt)
    assert [i.message for i in issues if message in i.message], [i.message for i in issues]
    issue = next(i for i in issues if message in i.message)
    assert issue.fixes
    first = issue.fixes[0]
    if kind is None:  # placed by relative position: where is a guess, but the pair is whole and in order
        assert first.kind is SUGGESTED
        result = first.apply(t(target))
        assert untagged(result) == t(target) and not broken(result)
        assert result.index(open_tag(1)) < result.index(close_tag(1))
        return
    assert first.kind is kind
    assert shown(first.apply(t(target))) == fixed


@pytest.mark.parametrize(("mt", "target", "source"), [
    (MT, MT, ""),  # untouched
    (MT, "Li<3/> wrote the <1>lead</1> story in Beijing.", ""),  # tags moved with the words: fine
    ("The lead story.", "The lead story.", ""),  # no tags anywhere
    ("", "The <1>lead</1> story.", ""),  # tags in the target alone, well formed
    ("", "The lead story.", "领先<1>报道</1>"),  # an empty MT: nothing to go by but the source…
    (MT, "", ""),  # a blank target is empty_target's to report
    # A bold run over two sentences: the pair is cut by the sentence break, each row holds half of it.
    ("<1>The start.", "<1>The beginning.", ""),
    ("The end.</1>", "The close.</1>", ""),
    ("Then <1>the start.", "Then the <1>start.", ""),  # the half moved with its word
])
def test_tags_check_stays_silent(mt: str, target: str, source: str) -> None:
    if source:  # …and the source's tags are then required
        assert tag_issues(target, mt, source)
        return
    assert tag_issues(target, mt) == []


def test_the_source_is_the_reference_when_the_mt_has_no_tags() -> None:
    issues = tag_issues("The lead story.", "The lead story.", "领先<1>报道</1>")
    assert [i.message for i in issues] == ["Tags 1 and /1 of the source are missing."]
    assert issues[0].fixes[0].kind is SUGGESTED  # no shared words with a Chinese source


def test_an_ambiguous_word_gives_a_suggestion() -> None:
    issue = tag_issues("the story and the story", "the <1>story</1> and the story")[0]
    assert issue.fixes[0].kind is SUGGESTED


def test_a_restored_half_that_would_close_before_its_partner_is_only_suggested() -> None:
    # The words put /1 after "lead", but the reviewer moved 1 after it: the fix cannot be safe.
    issue = tag_issues("The lead <1>story was written.", "The <1>lead</1> story was written.")[0]
    assert issue.message == "Tag /1 of the MT is missing."
    assert issue.fixes[0].kind is SUGGESTED


def test_tag_fixes_compose_with_other_fixes() -> None:
    target = t("The the lead story  was written by Li in Beijing .")
    issues = check_row(QaRow(1, "", target, t(MT)), CONTEXT)
    text = compose(target, [i.fixes[0] for i in issues if i.fixes]).text
    assert shown(text) == "The <1>lead</1> story was written by Li<3/> in Beijing."


# ------------------------------------------------------------------ every other check sees no tags
@pytest.mark.parametrize(("target", "check_id", "flagged", "fixed"), [
    # Tags inside a replaced range are kept: opening ones before the new text, the others after it.
    ("the <1>the</1> report.", "repeated_word", "the <1>the", "the<1></1> report."),
    ("The report<1/>  was adopted.", "double_space", "  ", "The report<1/> was adopted."),
    ("value.<1>The</1> road", "missing_space_after_punctuation", ".", "value. <1>The</1> road"),
    ("mastered <1>technology</1> .", "space_before_punctuation", " .", "mastered <1>technology</1>."),
    ("<1>my country</1>'s rail is fast.", "calque", "my country</1>'s", "<1>China's</1> rail is fast."),
])
def test_other_checks_see_through_tags(target: str, check_id: str, flagged: str, fixed: str) -> None:
    issues = [i for i in check_row(QaRow(1, "", t(target), t(target)), CONTEXT) if i.check_id == check_id]
    assert issues, check_id
    assert shown(issues[0].flagged_text(t(target))) == flagged
    result = issues[0].fixes[0].apply(t(target))
    assert shown(result) == fixed and not broken(result)


@pytest.mark.parametrize("target", ["The <1>report</1> was adopted.", "The report<2/> was adopted."])
def test_a_tag_alone_raises_no_other_finding(target: str) -> None:
    assert check_row(QaRow(1, "报告通过了。", t(target), t(target)), CONTEXT) == []


def test_document_checks_see_through_tags() -> None:
    tagged = t("We must <1>work</1> hard together.")
    rows = [QaRow(1, "我们要共同努力。", tagged, tagged),
            QaRow(2, "我们要共同努力。", "We must work hard together.", "")]
    assert check_document(rows, CONTEXT, {"inconsistent_translation"}) == {1: [], 2: []}
    rows.append(QaRow(3, "我们要共同努力。", t("We <2/>must strive."), ""))
    result = check_document(rows, CONTEXT, {"inconsistent_translation"})
    assert result[1] == [] and result[2] == []
    assert shown(result[3][0].flagged_text(rows[2].target)) == "We <2/>must strive."


def test_fingerprint_ignores_tags() -> None:
    plain = check_row(QaRow(1, "", "the the report."), CONTEXT, {"repeated_word"})[0]
    target = t("the <1>the</1> report.")
    tagged = check_row(QaRow(1, "", target), CONTEXT, {"repeated_word"})[0]
    assert plain.fingerprint("the the report.") == tagged.fingerprint(target)


def test_spelled_out_writes_tags_as_their_labels() -> None:
    from segments.qa.tags_check import spelled_out

    assert spelled_out(t("The <1>lead</1> story<3/>")) == "The {1}lead{/1} story{3/}"
    assert spelled_out("le\ue001ad") == "le\ufffdad" and spelled_out("plain") == "plain"


def test_tag_findings_flagging_only_tags_keep_distinct_fingerprints() -> None:
    target = t("The </1>lead<1> story<4/> and<5/>.")
    issues = tag_issues("The </1>lead<1> story<4/> and<5/>.", "The <1>lead</1> story and.")
    assert len(issues) == 3
    assert len({i.fingerprint(target) for i in issues}) == 3
