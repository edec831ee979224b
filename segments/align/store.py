"""The compact, read-only form of CC-CEDICT and of the character readings: one SQLite file, built once.

Parsing CEDICT into Python sets costs a second and ~150 MB, and importing pypinyin another 60 MB, which
every three-sentence alignment used to pay. The file holds the word list as one blob (a set of it costs
~30 ms), the senses per word (fetched only for the words a document uses) and the toneless reading of
every character pypinyin knows. It is rebuilt when CEDICT, pypinyin or the parsing change, and lives in
$BITEXT_CACHE_DIR, else $XDG_CACHE_HOME/bitext-workbench (or ~/.cache/bitext-workbench).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from segments.align import lexicon

STORE_VERSION = 1  # bump whenever the schema or what the file holds changes
# Membership is asked of SQLite word by word (~3 µs) until this many distinct words were asked; past it
# the whole word set is read at once (~40 ms, ~15 MB), which only a document of some length repays.
POINT_LOOKUPS = 20_000
# Keys asked in one query when many are known at once (a document's distinct words): a point query costs
# ~30 µs, a tenth of that per key in bulk. Below SQLite's oldest limit on host parameters (999).
BULK = 900


def cache_dir() -> Path:
    """Directory of the compact lexicon: $BITEXT_CACHE_DIR, else $XDG_CACHE_HOME/bitext-workbench.

    Read at call time, never at import."""
    if explicit := os.environ.get("BITEXT_CACHE_DIR"):
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bitext-workbench"


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}-{int(info.st_mtime)}"


def _pinyin_source() -> Path | None:
    spec = importlib.util.find_spec("pypinyin")  # locates the package without importing it
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin)  # its __init__.py, which carries the version
    return path if path.is_file() else None


def store_path(directory: Path | None = None) -> Path | None:
    """Where the store for the installed CEDICT and pypinyin lives (None: CEDICT is not installed)."""
    source = lexicon.cedict_path()
    if source is None:
        return None
    pinyin = _pinyin_source()
    readings = _stamp(pinyin) if pinyin else "none"
    name = f"lexicon-{_stamp(source)}-{readings}-v{lexicon.CACHE_VERSION}.{STORE_VERSION}.sqlite"
    return (directory or cache_dir()) / name


def _readings() -> dict[str, str]:
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    def unknown(chars: str) -> list[str]:
        return ["?"] * len(chars)

    return {chr(code): "".join(lazy_pinyin(chr(code), style=Style.NORMAL, errors=unknown))
            for code in pinyin_dict}


def build(path: Path) -> None:
    """Parse CEDICT and the readings into a fresh SQLite file at `path` (atomically replaced)."""
    source = lexicon.cedict_path()
    assert source is not None
    parsed = lexicon.parse_cedict(source)
    readings = _readings() if _pinyin_source() else {}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(tmp) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE senses (word TEXT PRIMARY KEY, stems TEXT NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE readings (char TEXT PRIMARY KEY, reading TEXT NOT NULL) WITHOUT ROWID")
        db.execute("INSERT INTO meta VALUES ('words', ?)", ("\n".join(sorted(parsed)),))
        db.executemany("INSERT INTO senses VALUES (?, ?)",
                       ((word, " ".join(sorted(stems))) for word, stems in sorted(parsed.items())))
        db.executemany("INSERT INTO readings VALUES (?, ?)", sorted(readings.items()))
    db.close()
    tmp.replace(path)


class _Connections:
    """One read-only connection per process and thread (SQLite handles must not cross a fork)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> sqlite3.Connection:
        key = (os.getpid(), threading.get_ident())
        if getattr(self._local, "key", None) != key:
            self._local.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.key = key
        return self._local.db

    def one(self, sql: str, arg: str) -> object:
        row = self.get().execute(sql, (arg,)).fetchone()
        return row[0] if row else None

    def many(self, table: str, key: str, value: str, keys: list[str]) -> dict[str, str]:
        """The value of each of `keys` found in `table`, asked BULK keys a query."""
        found: dict[str, str] = {}
        for start in range(0, len(keys), BULK):
            chunk = keys[start:start + BULK]
            sql = f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})"
            found.update(self.get().execute(sql, chunk))
        return found


class StoredLexicon(Mapping[str, frozenset[str]]):
    """CEDICT from the store: the word set is read on first use, senses per word on demand (memoised)."""

    def __init__(self, path: Path) -> None:
        self._db = _Connections(path)
        self._words: frozenset[str] | None = None
        self._asked: dict[str, bool] = {}
        self._senses: dict[str, frozenset[str]] = {}
        self._missing: set[str] = set()  # words a bulk fetch found absent
        self._lock = threading.Lock()

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            with self._lock:
                if self._words is None:
                    self._words = self.read_words()
                    self._asked.clear()
        return self._words

    def read_words(self) -> frozenset[str]:
        """The whole word list, read afresh (~40 ms, ~20 MB) and not kept: segmenting a book needs it once."""
        if self._words is not None:
            return self._words
        blob = str(self._db.one("SELECT value FROM meta WHERE key = ?", "words") or "")
        return frozenset(blob.split("\n")) - {""}

    def __contains__(self, word: object) -> bool:
        if self._words is not None or not isinstance(word, str):
            return word in self.words
        known = self._asked.get(word)
        if known is None:
            if len(self._asked) >= POINT_LOOKUPS:
                return word in self.words
            known = self._asked[word] = self._db.one("SELECT 1 FROM senses WHERE word = ?", word) is not None
        return known

    def prefetch(self, words: Iterable[str]) -> None:
        """Fetch the senses of many words at once, for the look-ups that follow."""
        wanted = [w for w in words if w not in self._senses and w not in self._missing]
        found = self._db.many("senses", "word", "stems", wanted)
        for word in wanted:
            if word in found:
                self._senses[word] = frozenset(found[word].split())
            else:
                self._missing.add(word)

    def __getitem__(self, word: str) -> frozenset[str]:
        found = self._senses.get(word)
        if found is None:
            if word in self._missing:
                raise KeyError(word)
            stems = self._db.one("SELECT stems FROM senses WHERE word = ?", word)
            if stems is None:
                raise KeyError(word)
            found = self._senses[word] = frozenset(str(stems).split())
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.words))

    def __len__(self) -> int:
        return len(self.words)


class StoredReadings:
    """Toneless pinyin of single characters from the store, memoised per character."""

    def __init__(self, path: Path) -> None:
        self._db = _Connections(path)
        self._memo: dict[str, str] = {}

    def prefetch(self, chars: Iterable[str]) -> None:
        """Fetch the readings of many characters at once, for the look-ups that follow."""
        wanted = [c for c in chars if c not in self._memo]
        found = self._db.many("readings", "char", "reading", wanted)
        for char in wanted:
            self._memo[char] = str(found.get(char) or "?")

    def get(self, char: str) -> str:
        """Return the reading of `char`, "?" for a character pypinyin does not know (as it does)."""
        if char not in self._memo:
            self._memo[char] = str(self._db.one("SELECT reading FROM readings WHERE char = ?", char) or "?")
        return self._memo[char]


@functools.lru_cache(maxsize=1)
def opened() -> Path | None:
    """Path of a usable store, building it on first use; None when it cannot be built or written."""
    path = store_path()
    if path is None:
        return None
    if not path.is_file():
        try:
            build(path)
        except (OSError, sqlite3.Error):
            return None  # an unwritable cache: callers fall back to parsing in memory, as before
    return path


@functools.lru_cache(maxsize=1)
def readings() -> StoredReadings | None:
    """The stored character readings, or None (callers then ask pypinyin directly)."""
    path = opened()
    return StoredReadings(path) if path is not None and _pinyin_source() else None


@functools.lru_cache(maxsize=1)
def cedict() -> lexicon.Lexicon:
    """Return the CC-CEDICT lexicon (word → English content stems), read lazily from the store."""
    path = opened()
    if path is not None:
        return StoredLexicon(path)
    source = lexicon.cedict_path()
    return lexicon.parse_cedict(source) if source is not None else {}  # no writable cache: parse, as before
