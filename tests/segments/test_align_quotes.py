"""Quotations as alignment evidence: boundaries inside one, and beads that end there on one side only."""

from __future__ import annotations

import numpy as np
import pytest

from segments.align import align, quotes, terms
from segments.align.aligner import STEPS
from segments.align.grid import Grid
from segments.align.quotes import INSIDE, OPENING, OUTSIDE
from segments.align.scorers import Bitext


@pytest.mark.parametrize(("sentences", "expected"), [
    # straight double quotes (an MT), a stray closing mark after a space
    (['He said: "Come here.', 'Sit down. "', "He sat."], [OUTSIDE, INSIDE, OUTSIDE, OUTSIDE]),
    # single quotes with apostrophes inside words, and a speech tag that closes the quote mid-speech
    (["'Don't go,' said Tom.", "'It's late.", "Stay here.'"], [OPENING, OPENING, INSIDE, OUTSIDE]),
    # curly quotes, and a right single quote closing after a plural
    (["“Where were you?", "The boys’ room is a mess.”"], [OPENING, INSIDE, OUTSIDE]),
    # Chinese quotation marks, an inner quotation closing before the outer one
    (["他说：“你来了。", "‘天子脚下’，没错。”", "她走了。"], [OUTSIDE, INSIDE, OUTSIDE, OUTSIDE]),
    (["韦小宝道：「好！", "走吧。」"], [OUTSIDE, INSIDE, OUTSIDE]),
    # a quotation inside a speech, in the other family of marks, leaves the speech open
    (["他说：“我这‘小白龙’可不好惹。", "走吧。”"], [OUTSIDE, INSIDE, OUTSIDE]),
    (["'It's still \"in the Emperor's shadow\", as they say.", "Go on.'"], [OPENING, INSIDE, OUTSIDE]),
    # an MT's unclosed inner mark, spaced out: the outer closing mark still closes
    (['He said: "As the saying goes: ‘Help others. ', 'That is the way. "', "He left."],
     [OUTSIDE, INSIDE, OUTSIDE, OUTSIDE]),
])
def test_boundaries_follow_the_quotation_marks(sentences: list[str], expected: list[int]) -> None:
    assert quotes.boundaries(sentences).tolist() == expected


def test_a_paragraph_that_does_not_open_a_quotation_starts_outside_one() -> None:
    # the MT lost the closing mark of the first paragraph: the second paragraph is not a quotation
    sentences = ['He said: "Come here.', "The dog barked.", "It ran away."]
    assert quotes.boundaries(sentences).tolist()[1:] == [INSIDE, INSIDE, INSIDE]
    assert quotes.boundaries(sentences, paragraphs=[0, 1, 1]).tolist()[1:] == [INSIDE, OUTSIDE, OUTSIDE]
    # a quotation carried over a paragraph break re-opens with a mark, and stays a quotation
    carried = ["“He came.", "“Then he left.", "Nobody saw him.”"]
    assert quotes.boundaries(carried, paragraphs=[0, 1, 1]).tolist()[1:3] == [INSIDE, INSIDE]


def test_only_inside_against_plainly_outside_clashes() -> None:
    src = np.array([OUTSIDE, INSIDE, INSIDE, OPENING])
    tgt = np.array([INSIDE, OUTSIDE, OPENING, OUTSIDE])
    assert quotes.clash(src, tgt).tolist() == [True, True, False, False]


MT = ["Tom came home late that night.", 'His mother said: "Where were you all evening?',
      'Your supper is cold."', "Tom shrugged and went off to bed."]
REFERENCE = ["Tom came home late that night.", "'Where were you all evening?' asked his mother.",
             "'Your supper is cold.", "Bed, now!'", "Tom shrugged and went off."]


def test_a_bead_does_not_end_inside_a_quotation_on_one_side_only() -> None:
    # "Bed, now!" shares its only word with the next sentence, but it ends the mother's speech
    def pairs(steps: frozenset[str]) -> list:
        return [(link.src, link.tgt) for link in align(MT, REFERENCE, "en", "en", steps=steps)]

    assert pairs(STEPS) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))]
    assert pairs(STEPS - {"quotes"})[2:] == [((2,), (2,)), ((3,), (3, 4))]  # what the words alone say


def test_quotations_are_no_evidence_when_one_side_hardly_marks_them() -> None:
    # dialogue set off by dashes in the translation: the absence of marks says nothing
    dashes = ["Tom came home late that night.", "— Where were you all evening? asked his mother.",
              "— Your supper is cold.", "Bed, now!", "Tom shrugged and went off."]
    grid = Grid.around(len(MT), len(dashes), np.linspace(0, len(dashes), len(MT) + 1), 4)
    assert terms.quotations(Bitext(MT, dashes, "en", "en"), grid) is None
    assert terms.quotations(Bitext(MT, REFERENCE, "en", "en"), grid) is not None
