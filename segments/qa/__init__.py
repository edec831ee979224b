"""QA checks for translated rows: pure functions returning issues with character spans to highlight."""

from segments.qa.calques import DEFAULT_CALQUES, load_calques
from segments.qa.model import Calque, Check, Finding, Issue, QaContext, QaRow, Severity, TermMatch
from segments.qa.registry import ALL_CHECKS, CHECKS_BY_ID
from segments.qa.runner import check_document, check_row, check_rows, checks_markdown

__all__ = [
    "ALL_CHECKS", "CHECKS_BY_ID", "DEFAULT_CALQUES", "Calque", "Check", "Finding", "Issue", "QaContext",
    "QaRow", "Severity", "TermMatch", "check_document", "check_row", "check_rows",
    "checks_markdown", "load_calques",
]
