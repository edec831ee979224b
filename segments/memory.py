"""Translation-memory matching: an n-gram inverted index picks candidates, rapidfuzz scores them; concordance.

Han, kana and hangul are indexed as character bigrams (those scripts put no spaces between words, and a
bigram is the shortest unit that still tells candidates apart); other scripts as lower-cased words. The
index counts shared grams with numpy, ranks by a Dice estimate, and scores only the best candidates with
`rapidfuzz.fuzz.ratio`, so a lookup costs a few milliseconds even with 200,000 entries.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from segments.scripts import CJK as _CJK
from segments.tags import untagged

_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(rf"[^\W_{_CJK}]+")
_SPACE = re.compile(r"\s+")
# How many candidates (ranked by shared grams) rapidfuzz scores per wanted match: enough to find every
# entry above a reasonable cut-off, few enough to stay cheap.
CANDIDATES_PER_MATCH = 40
MIN_CANDIDATES = 200
COMMON_SHARE, MIN_COMMON, MIN_RARE = 20, 2000, 3


def normalise(text: str) -> str:
    """The matching key of a text: inline tags dropped, NFKC (full-width forms folded), case-folded,
    whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", untagged(text)).casefold()).strip()


def grams(key: str) -> set[str]:
    """The distinct index grams of a normalised text: CJK character bigrams and words of other scripts."""
    found = set(_WORD.findall(key))
    for run in _CJK_RUN.findall(key):
        found.update(run[i:i + 2] for i in range(max(len(run) - 1, 1)))
    return found


class MemoryIndex:
    """Texts under caller-chosen ids, searchable by fuzzy similarity (0–100, `fuzz.ratio` on the keys).

    Not thread-safe: callers that share an index between threads hold a lock around it."""

    def __init__(self) -> None:
        self._ids: list[Hashable] = []
        self._keys: list[str | None] = []
        self._slot: dict[Hashable, int] = {}
        self._exact: dict[str, list[int]] = {}
        self._postings: dict[str, array] = {}
        self._sizes = array("i")  # distinct grams per slot; 0 for a removed entry
        self._dead = 0

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, entry_id: Hashable) -> bool:
        return entry_id in self._slot

    def add(self, entry_id: Hashable, text: str) -> None:
        """Index `text` under `entry_id` (replacing what that id held); empty texts are not indexed."""
        if entry_id in self._slot:
            self.remove(entry_id)
        key = normalise(text)
        if not key:
            return
        slot = len(self._ids)
        self._ids.append(entry_id)
        self._keys.append(key)
        self._slot[entry_id] = slot
        self._exact.setdefault(key, []).append(slot)
        found = grams(key)
        for gram in found:
            posting = self._postings.get(gram)
            if posting is None:
                posting = self._postings[gram] = array("i")
            posting.append(slot)
        self._sizes.append(len(found))

    def remove(self, entry_id: Hashable) -> None:
        """Forget `entry_id`; unknown ids are ignored."""
        slot = self._slot.pop(entry_id, None)
        if slot is None:
            return
        key = self._keys[slot]
        self._exact[key].remove(slot)
        if not self._exact[key]:
            del self._exact[key]
        self._keys[slot] = None
        self._sizes[slot] = 0
        self._dead += 1
        if self._dead > 1000 and self._dead > len(self._slot):
            self._compact()

    def _compact(self) -> None:
        """Rebuild without the removed slots, whose ids still sit in the postings."""
        live = [(self._ids[slot], key) for slot, key in enumerate(self._keys) if key is not None]
        self.__init__()
        for entry_id, key in live:
            self.add(entry_id, key)

    def search(self, text: str, limit: int = 5, min_score: float = 50.0) -> list[tuple[Hashable, float]]:
        """The ids of the entries most like `text`, best first, with their score (100 = same key)."""
        key = normalise(text)
        if not key or limit <= 0:
            return []
        exact = [(self._ids[slot], 100.0) for slot in reversed(self._exact.get(key, []))]
        if len(exact) >= limit:
            return exact[:limit]
        wanted = max(MIN_CANDIDATES, CANDIDATES_PER_MATCH * limit)
        choices = {slot: self._keys[slot] for slot in self._candidates(grams(key), wanted)}
        scored = process.extract(key, choices, scorer=fuzz.ratio, processor=None, score_cutoff=min_score,
                                 limit=limit + len(exact))
        found = {self._ids[slot]: 100.0 for slot in self._exact.get(key, [])}
        ranked = sorted(((self._ids[slot], round(score, 1)) for _, score, slot in scored
                         if self._ids[slot] not in found), key=lambda pair: -pair[1])
        return (exact + ranked)[:limit]

    def _candidates(self, query: set[str], wanted: int) -> np.ndarray:
        """The slots sharing the most grams with `query`, ranked by the Dice coefficient of the gram sets."""
        postings = sorted((self._postings[gram] for gram in query if gram in self._postings), key=len)
        if not postings:
            return np.empty(0, dtype=np.int64)
        # Grams found in a large share of the memory ("the", "of", 的发) cost the most to count and tell the
        # least: leave them out while at least MIN_RARE rarer grams remain to find the candidates.
        common = max(len(self._slot) // COMMON_SHARE, MIN_COMMON)
        rare = [posting for posting in postings if len(posting) <= common]
        postings = rare if len(rare) >= MIN_RARE else postings[:MIN_RARE]
        slots = np.concatenate([np.frombuffer(posting, dtype=np.int32) for posting in postings])
        shared = np.bincount(slots, minlength=len(self._sizes))
        sizes = np.frombuffer(self._sizes, dtype=np.int32)
        dice = np.where(sizes > 0, 2.0 * shared / (sizes + len(query)), 0.0)
        del sizes  # the view pins the array's buffer; drop it so later appends can grow the array
        hits = np.flatnonzero(dice)
        if len(hits) > wanted:
            hits = hits[np.argpartition(dice[hits], -wanted)[-wanted:]]
        return hits

    def containing(self, text: str) -> Iterator[Hashable]:
        """The ids whose text holds every gram of `text` (a superset of those containing it), newest first."""
        query = grams(normalise(text))
        if not query:
            return iter(())
        postings = sorted((self._postings.get(gram, array("i")) for gram in query), key=len)
        common = set(postings[0])
        for posting in postings[1:]:
            common.intersection_update(posting)
            if not common:
                break
        return (self._ids[slot] for slot in sorted(common, reverse=True) if self._keys[slot] is not None)


@dataclass(frozen=True)
class Hit:
    """One use of the searched phrase in a text, with the context on either side."""

    key: Hashable
    text: str
    start: int
    end: int
    before: str
    after: str
    clipped_before: bool
    clipped_after: bool

    @property
    def match(self) -> str:
        return self.text[self.start:self.end]


def phrase_pattern(query: str) -> re.Pattern[str] | None:
    """A case-insensitive pattern for `query`: any run of spaces matches any whitespace; Latin words match
    whole (so "talent" does not find "talented"), CJK text matches anywhere."""
    words = query.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    head = r"(?<!\w)" if re.match(r"[^\W_]", words[0], re.ASCII) else ""
    tail = r"(?!\w)" if re.search(r"[^\W_]$", words[-1], re.ASCII) else ""
    return re.compile(head + body + tail, re.IGNORECASE)


def concordance(texts: Iterable[tuple[Hashable, str]], query: str, width: int = 40,
                limit: int | None = None) -> list[Hit]:
    """Every use of `query` in the (key, text) pairs, with up to `width` characters of context each side."""
    pattern = phrase_pattern(query)
    hits: list[Hit] = []
    if pattern is None:
        return hits
    for key, tagged in texts:
        text = untagged(tagged)  # the hit is shown as words: a tag between two of them must not hide it
        for found in pattern.finditer(text):
            start, end = found.span()
            left, right = max(start - width, 0), min(end + width, len(text))
            hits.append(Hit(key, text, start, end, text[left:start], text[end:right], left > 0,
                            right < len(text)))
            if limit is not None and len(hits) >= limit:
                return hits
    return hits
