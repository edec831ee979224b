"""`bitext qa DOC`: run the QA checks on a document, store and print the findings; fail on open errors."""

from __future__ import annotations

import json

import click

from webapp.cli.context import ProgressBar, cli_session
from webapp.services import documents as docs
from webapp.services import qa


def _json(findings: list[dict]) -> str:
    keys = ("check_id", "severity", "position", "target", "side", "spans", "flagged", "message", "ignored")
    items = [{key: f[key] for key in keys} | {"row": f["position"] + 1} for f in findings]
    return json.dumps(items, ensure_ascii=False, indent=2)


def _text(findings: list[dict], summary: dict, errors: int) -> str:
    lines = [f"{f['position'] + 1:>6}  {f['severity']:<7}  {f['check_id']:<32} {f['message']}"
             + (f"  [{f['flagged']}]" if f["flagged"] else "") + ("  (ignored)" if f["ignored"] else "")
             for f in findings]
    lines.append(f"{summary['rows']} rows checked, {len(findings)} finding(s) shown, {errors} open error(s)")
    return "\n".join(lines)


@click.command("qa")
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True)
@click.option("--show-ignored", is_flag=True, help="Also list the warnings people chose to ignore.")
def qa_command(doc: str, fmt: str, show_ignored: bool) -> None:
    """Run every enabled QA check on document DOC (id or exact title) and print the findings.

    Rows are numbered from 1 in text and CSV; JSON gives `position` (from 0) and `row` (from 1).
    Exits with status 1 while errors (severity "error", not ignored) remain, for pipelines."""
    with cli_session() as (_app, session):
        document = docs.find_document(session, doc)
        bar = ProgressBar()
        summary = qa.check_document_findings(session, document, bar)
        bar.done()
        session.flush()
        shown = qa.document_findings(session, document, ignored=None if show_ignored else False)
        errors = qa.finding_counts(session, document).errors
    if fmt == "json":
        click.echo(_json(shown))
    elif fmt == "csv":
        click.echo(qa.findings_csv(shown), nl=False)
    else:
        click.echo(_text(shown, summary, errors))
    if errors:
        click.get_current_context().exit(1)
