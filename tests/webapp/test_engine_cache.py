"""EngineCache: one value per key and engine, least recently used dropped first."""

from __future__ import annotations

from webapp.services.engine_cache import EngineCache


class Engine:  # any weakly referable object stands for an engine
    pass


def test_values_are_kept_per_engine_and_the_least_recently_used_goes_first():
    cache: EngineCache[str] = EngineCache(2)
    first, second = Engine(), Engine()
    builds: list[str] = []

    def build(value: str):
        return lambda: builds.append(value) or value

    assert cache.get(first, "a", build("a1")) == "a1"
    assert cache.get(second, "a", build("a2")) == "a2"  # another engine, another value
    assert cache.get(first, "b", build("b1")) == "b1"
    assert cache.get(first, "a", build("again")) == "a1"  # kept, and now the most recent
    cache.get(first, "c", build("c1"))  # drops "b", the least recently used
    assert cache.get(first, "a", build("again")) == "a1"
    assert cache.get(first, "b", build("b1 rebuilt")) == "b1 rebuilt"
    assert builds == ["a1", "a2", "b1", "c1", "b1 rebuilt"]


def test_a_value_kept_while_another_was_being_built_is_the_one_returned():
    cache: EngineCache[object] = EngineCache(4)
    engine, kept = Engine(), object()

    def build_while_another_thread_keeps_one() -> object:
        cache.get(engine, "k", lambda: kept)
        return object()

    assert cache.get(engine, "k", build_while_another_thread_keeps_one) is kept
