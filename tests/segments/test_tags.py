import pytest

from segments import tags
from segments.tags import TagKind

BOLD = f"The {tags.open_tag(1)}lead{tags.close_tag(1)} sentence{tags.solo_tag(2)}."


def test_tokens_are_found_in_order_with_their_kind_and_id():
    found = tags.tags(BOLD)
    assert [(t.kind, t.id) for t in found] == [(TagKind.OPEN, 1), (TagKind.CLOSE, 1), (TagKind.SOLO, 2)]
    assert all(BOLD[t.start:t.end] == t.token for t in found)


def test_untagged_leaves_the_words():
    assert tags.untagged(BOLD) == "The lead sentence."
    assert tags.untagged("no tags here") == "no tags here"


def test_offsets_map_stripped_characters_back():
    stripped, offsets = tags.untagged_with_offsets(BOLD)
    assert len(offsets) == len(stripped) + 1
    assert all(BOLD[offsets[i]] == ch for i, ch in enumerate(stripped))
    assert offsets[-1] == len(BOLD)


@pytest.mark.parametrize("text, expected", [
    (BOLD, False),
    ("plain", False),
    (BOLD.replace(tags.close_tag(1), tags.close_tag(1)[:-1]), True),
    ("a \ue001 b", True),
])
def test_broken_tokens_are_seen(text, expected):
    assert tags.broken(text) is expected
