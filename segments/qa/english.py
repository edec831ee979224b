"""The English word list of the spelling check: pyspellchecker's dictionary, British spellings, suggestions.

The words and their frequencies are pyspellchecker's English list (160,000 words from SCOWL with
OpenSubtitles counts, shipped inside the package: offline). Its own class takes 1.4 s to load and 0.5 s
per suggestion, so it is read here directly: words as bytes with their counts as written, on first use
(one split of the file, about 0.1 s), a count converted only when a suggestion needs it. The list is
American; a British spelling is accepted when its American form is in it (``american``), and so is a word
of segments/data/english-extra.txt (current words the list lacks: "smartphone", "blockchain", "tech").
Suggestions are the known words one edit away (Norvig's edits: delete, swap, replace, insert), else two
away (rapidfuzz over words of about the same length), the more frequent first, as pyspellchecker ranks
them.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from collections.abc import Set
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

_LETTERS = "abcdefghijklmnopqrstuvwxyz'"
# British → American, each a (pattern, replacement) tried alone and all together ("manoeuvres").
_BRITISH = tuple((re.compile(p), r) for p, r in (
    (r"our(?=s?$|ed$|ing$|ite|able|er|ful|less|ism|ist|ly)", "or"),  # colour, favourite, honourable
    (r"is(?=e$|es$|ed$|ing$|er$|ers$|ation|ations|able|ement)", "iz"),  # organisation, realised
    (r"ys(?=e$|es$|ed$|ing$|er$)", "yz"),  # analyse, paralysed
    (r"([tbgv])re(?=s?$|d$)", r"\1er"), (r"tring$", "tering"),  # centre, kilometres, fibre, centred
    (r"(?<=[fc])ence(?=s?$)", "ense"),  # defence, licence
    (r"(?<=[lg])ogue(?=s?$)", "og"),  # catalogue, analogue
    (r"(?<=[aeiou])ll(?=ed$|ing$|er$|ers$|or$|ors$|ery$)", "l"),  # travelled, counsellor, jewellery
    (r"(?<=[a-z]{2}[io])l(?=s?$|ment|ments)", "ll"), (r"lful", "llful"),  # fulfil, enrolment, skilful
    (r"(^[phf]|ap|ed|al|ev|uk|mi)ae", r"\1e"),  # paediatric, haemorrhage, encyclopaedia, mediaeval
    (r"(^|^[mf]|am|an|rh)oe(?=[a-z])", r"\1e"),  # manoeuvre, foetus, oestrogen, amoeba, diarrhoea
    (r"mme(?=s?$)", "m"),  # programme
    (r"dgement", "dgment"),  # judgement
))
_ANY_BRITISH = re.compile("|".join(pattern.pattern for pattern, _ in _BRITISH))
_BRITISH_WORDS = dict(pair.split(":") for pair in (
    "practise:practice practised:practiced practising:practicing grey:gray greys:grays tyre:tire tyres:tires "
    "kerb:curb cheque:check cheques:checks plough:plow ploughs:plows aluminium:aluminum storey:story "
    "storeys:stories mould:mold sceptic:skeptic sceptical:skeptical scepticism:skepticism moustache:mustache "
    "pyjamas:pajamas draught:draft gaol:jail cosy:cozy aeroplane:airplane aeroplanes:airplanes "
    "artefact:artifact artefacts:artifacts sulphur:sulfur speciality:specialty specialities:specialties "
    "ageing:aging jewellery:jewelry whilst:while amongst:among learnt:learned leant:leaned dreamt:dreamed "
    "spelt:spelled spilt:spilled"
).split())


def words() -> Set[bytes]:
    """Every word of the list, lower-case, apostrophes straight ("china's" included), UTF-8 encoded: the
    spelling check compares it with the words of encoded text, which split faster than a string."""
    return _entries().keys()


@cache
def _entries() -> dict[bytes, bytes]:
    """Each word with its count as written in the file (": 50, "), converted when a suggestion needs it."""
    # The file is a JSON object of "word": count with no escapes (a test checks it against json): splitting
    # on quotes takes a quarter of the time of decoding the JSON, and most documents never need a count.
    path = resources.files("spellchecker").joinpath("resources/en.json.gz")
    parts = gzip.decompress(path.read_bytes()).split(b'"')
    extra = resources.files("segments").joinpath("data/english-extra.txt").read_text("utf-8").splitlines()
    entries = {line.strip().encode(): b"0" for line in extra if line.strip() and line[0] != "#"}
    entries.update(zip(parts[1::2], parts[2::2], strict=True))
    return entries


def frequency(word: str) -> int:
    """How often the lower-case ``word`` occurs in the list's corpus (0 if unknown or from english-extra)."""
    count = _entries().get(word.encode())
    return int(count.strip(b" :,}\n")) if count else 0


@cache
def _by_length() -> dict[int, list[str]]:
    groups: dict[int, list[str]] = defaultdict(list)
    for word in words():
        groups[len(word)].append(word.decode())
    return groups


def is_known(word: str) -> bool:
    """True when the lower-case ``word`` is in the list, as written or in its American spelling."""
    known = words()
    return word.encode() in known or any(form.encode() in known for form in american(word))


@lru_cache(maxsize=65536)
def american(word: str) -> tuple[str, ...]:
    """American spellings a British lower-case ``word`` may have (none when no rule applies)."""
    if word in _BRITISH_WORDS:
        return (_BRITISH_WORDS[word],)
    if not _ANY_BRITISH.search(word):  # one pass instead of twelve for most words
        return ()
    forms, every = [], word
    for pattern, replacement in _BRITISH:
        form = pattern.sub(replacement, word)
        if form != word:
            forms.append(form)
            every = pattern.sub(replacement, every)
    return tuple(dict.fromkeys([*forms, every])) if forms else ()


def _one_edit(word: str) -> set[str]:
    """Known words one delete, swap of neighbours, replacement or insertion away from ``word`` (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = ({a + b[1:] for a, b in splits if b}
             | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
             | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
             | {a + c + b for a, b in splits for c in _LETTERS})
    known = words()
    return {edit for edit in edits if edit.encode() in known} - {word}


@lru_cache(maxsize=16384)
def typo_of_known(word: str) -> bool:
    """True when the lower-case ``word`` is a known word with one letter typed, dropped or swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = ({a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
             | {a + c + b for a, b in splits for c in _LETTERS})
    known = words()
    return any(edit.encode() in known for edit in edits if edit != word)


@lru_cache(maxsize=16384)
def suggestions(word: str, limit: int = 3) -> tuple[str, ...]:
    """Known words close to the lower-case ``word``, best first: one edit away, else two, frequent first."""
    close = _one_edit(word)
    if not close and len(word) > 2:
        near = [choice for size in range(len(word) - 2, len(word) + 3)
                for choice, _, _ in process.extract(word, _by_length().get(size, ()), scorer=OSA.distance,
                                                    score_cutoff=2, limit=None)]
        close = set(near)
    close.discard(word)
    return tuple(sorted(close, key=lambda w: (-frequency(w), w))[:limit])
