import gc
import threading

import pytest

from segments.gc_tuning import batch_gc


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def test_batch_raises_the_thresholds_and_restores_them(thresholds) -> None:
    gc.set_threshold(700, 10, 10)
    with batch_gc():
        assert gc.get_threshold()[0] >= 20_000
        with batch_gc():  # nested: still raised
            assert gc.get_threshold()[0] >= 20_000
        assert gc.get_threshold()[0] >= 20_000
    assert gc.get_threshold() == (700, 10, 10)


def test_batch_restores_after_an_error(thresholds) -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(ValueError), batch_gc():
        raise ValueError
    assert gc.get_threshold() == (700, 10, 10)


def test_collection_switched_off_stays_off(thresholds) -> None:
    gc.set_threshold(0, 10, 10)
    with batch_gc():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0


def test_concurrent_batches_restore_once_the_last_ends(thresholds) -> None:
    gc.set_threshold(700, 10, 10)
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with batch_gc():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with batch_gc():
        pass
    assert gc.get_threshold()[0] >= 20_000  # the other thread's batch still runs
    release.set()
    thread.join()
    assert gc.get_threshold() == (700, 10, 10)
