"""How long work says how far it got, for a job's progress bar or the command line's."""

from __future__ import annotations

from collections.abc import Callable

# (fraction done, from 0 to 1; what it is doing now)
Progress = Callable[[float, str], None]


def silent(fraction: float, message: str) -> None:
    """The progress of work nobody follows."""
