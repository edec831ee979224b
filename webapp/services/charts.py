"""Small SVG charts drawn on the server, so the report prints and works offline without a chart library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 560, 200, 36


@dataclass(frozen=True)
class Chart:
    """Everything a template needs to draw one chart as escaped SVG elements."""

    title: str
    bars: tuple[tuple[float, float, float, float, str, str], ...] = ()  # x, y, w, h, label, value
    points: str = ""
    labels: tuple[tuple[float, str], ...] = ()
    empty: str = ""
    width: int = WIDTH
    height: int = HEIGHT


def bar_chart(title: str, data: Sequence[tuple[str, float]], empty: str = "no data") -> Chart:
    """Vertical bars, one per (label, value), scaled to the largest value."""
    if not data or max(v for _, v in data) <= 0:
        return Chart(title, empty=empty)
    top = max(v for _, v in data)
    slot = (WIDTH - 2 * PAD) / len(data)
    bars = []
    for i, (label, value) in enumerate(data):
        height = (HEIGHT - 2 * PAD) * value / top
        bars.append((PAD + i * slot + slot * 0.1, HEIGHT - PAD - height, slot * 0.8, height, label,
                     f"{value:g}"))
    return Chart(title, bars=tuple(bars))


def line_chart(title: str, data: Sequence[tuple[str, float]], empty: str = "no data") -> Chart:
    """A polyline through (label, value) points, left to right, with the first and last labels shown."""
    if len(data) < 1 or max(v for _, v in data) <= 0:
        return Chart(title, empty=empty)
    top = max(v for _, v in data)
    step = (WIDTH - 2 * PAD) / max(len(data) - 1, 1)
    coords = [(PAD + i * step, HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top) for i, (_, v) in enumerate(data)]
    labels = ((coords[0][0], data[0][0]),) + (((coords[-1][0], data[-1][0]),) if len(data) > 1 else ())
    return Chart(title, points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coords), labels=labels)


def histogram(values: Sequence[int], edges: Sequence[int]) -> list[tuple[str, float]]:
    """Counts of `values` in the bins [edges[i], edges[i+1]); the last bin is open-ended."""
    counts = [0] * len(edges)
    for value in values:
        index = max(i for i, edge in enumerate(edges) if value >= edge)
        counts[index] += 1
    labels = [f"{a}–{b - 1}" if b - a > 1 else f"{a}" for a, b in zip(edges, edges[1:], strict=False)]
    return list(zip([*labels, f"{edges[-1]}+"], counts, strict=True))
