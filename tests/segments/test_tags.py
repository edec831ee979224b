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


def test_as_symbols_makes_each_tag_one_character_or_one_word() -> None:
    from segments.tags import as_symbols, close_tag, open_tag, solo_tag

    text = f"a {open_tag(1)}b{close_tag(1)}{solo_tag(12)} c"
    one = as_symbols(text)
    assert len(one) == len("a b c") + 3 and len(set(one) - set("a bc")) == 3
    assert as_symbols(text, spaced=True).split()[0:2] == ["a", one[2]]
    assert as_symbols("plain  text", spaced=True) == "plain  text"
