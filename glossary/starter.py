"""The starter zh→en news glossary shipped as package data."""

from __future__ import annotations

from importlib import resources

from glossary.csvio import read_csv
from glossary.model import GlossaryFormatError, Term

STARTER_FILE = "zh-en-news.csv"


def starter_glossary() -> list[Term]:
    """Return the entries of the shipped zh→en news glossary (raises if the data file has a bad row)."""
    report = read_csv(resources.files("glossary").joinpath("data", STARTER_FILE).read_bytes())
    if not report.ok:
        raise GlossaryFormatError(f"{STARTER_FILE}: {report.summary()}")
    return report.accepted
