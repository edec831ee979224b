"""Values built from the database and kept per engine, the least recently used dropped first."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class EngineCache(Generic[V]):
    """A few values per database engine; weakly keyed, so a test's engine takes its values with it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._by_engine: weakref.WeakKeyDictionary[Any, OrderedDict[Hashable, V]]
        self._by_engine = weakref.WeakKeyDictionary()

    def get(self, engine: Any, key: Hashable, build: Callable[[], V]) -> V:
        """The value kept for `key`, else `build()`'s, built outside the lock (a value another thread kept
        meanwhile wins, so every caller shares one)."""
        with self._lock:
            kept = self._by_engine.setdefault(engine, OrderedDict())
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        value = build()
        with self._lock:
            value = kept.setdefault(key, value)
            kept.move_to_end(key)
            while len(kept) > self.size:
                kept.popitem(last=False)
        return value
