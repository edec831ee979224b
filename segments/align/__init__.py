"""Sentence alignment: evidence from small registered scorers combined in one banded search."""

from segments.align.aligner import SCORERS, Scorer, align
from segments.align.links import Link, format_links, parse_links

__all__ = ["SCORERS", "Link", "Scorer", "align", "format_links", "parse_links"]
