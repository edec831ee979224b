"""Terminology: terms, term matching, and TBX / CSV exchange. Plain Python, no web or database."""

from glossary.csvio import CsvFormat, read_csv, write_csv
from glossary.matcher import TermMatch, TermMatcher
from glossary.model import POS_VALUES, STATUSES, GlossaryFormatError, Term, validate_term
from glossary.replace import Change, replace_forbidden
from glossary.report import POLICIES, Duplicate, ImportReport, Rejection
from glossary.starter import starter_glossary
from glossary.suggest import Suggestion, suggest_entries
from glossary.tbx import EmptyGlossaryError, TbxFormat, read_tbx, write_tbx

FORMATS = {f.format_id: f for f in (CsvFormat, TbxFormat)}

__all__ = [
    "FORMATS", "POLICIES", "POS_VALUES", "STATUSES", "Change", "CsvFormat", "Duplicate", "EmptyGlossaryError",
    "GlossaryFormatError", "ImportReport", "Rejection", "Suggestion", "TbxFormat", "Term", "TermMatch",
    "TermMatcher", "read_csv", "read_tbx", "replace_forbidden", "starter_glossary", "suggest_entries",
    "validate_term", "write_csv", "write_tbx",
]
