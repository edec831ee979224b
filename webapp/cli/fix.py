"""`bitext fix DOC`: apply the fixes QA proposes for a document, as one operation (or list them)."""

from __future__ import annotations

import json
from itertools import groupby

import click

from segments.qa.fixes import compose
from webapp.cli.context import ProgressBar, cli_session
from webapp.services import documents as docs
from webapp.services import fixes, qa


def _per_check(found: list[fixes.Proposal]) -> list[dict]:
    """One item per row and check: the row's target and that target with the check's default fixes."""
    items = []
    for (row, check_id), group in groupby(found, key=lambda p: (p.position, p.check_id)):
        group = list(group)
        chosen = [p.default for p in group]
        kind = "safe" if all(p.kind == "safe" for p in group) else "suggested"
        items.append({"row": row + 1, "check_id": check_id, "kind": kind, "before": group[0].before,
                      "after": compose(group[0].before, chosen).text})
    return items


@click.command("fix")
@click.argument("doc")
@click.option("--check", "check_ids", multiple=True, metavar="ID",
              help="Only this check's fixes (repeatable).")
@click.option("--safe-only", is_flag=True, help="Only safe fixes (spacing, repeats, punctuation, capitals).")
@click.option("--dry-run", is_flag=True, help="List the fixes, change nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def fix_command(doc: str, check_ids: tuple[str, ...], safe_only: bool, dry_run: bool, fmt: str) -> None:
    """Run QA on document DOC (id or exact title) and apply every default fix it proposes, as one operation
    (undo it from the review page or the API). Confirmed rows are skipped and listed.

    With --dry-run, print per row and check the current target (`before`) and that target with the check's
    fixes applied (`after`)."""
    kinds = ("safe",) if safe_only else None
    with cli_session() as (app, session):
        document = docs.find_document(session, doc)
        bar = ProgressBar()
        qa.check_document_findings(session, document, bar)
        bar.done()
        session.flush()
        _total, found = fixes.proposals(session, document, check_ids=check_ids or None, kinds=kinds)
        if dry_run:
            items = _per_check(found)
            if fmt == "json":
                click.echo(json.dumps(items, ensure_ascii=False, indent=2))
            else:
                for item in items:
                    click.echo(f"{item['row']:>6}  {item['kind']:<9}  {item['check_id']}\n"
                               f"        - {item['before']}\n        + {item['after']}")
                rows = len({item["row"] for item in items})
                click.echo(f"{len(items)} fix(es) in {rows} row(s); nothing changed")
            return
        outcome = fixes.Outcome(None, [])
        if found:
            chosen = [p.choice() for p in found]
            outcome = fixes.apply(session, document, chosen, author=app.config["DEFAULT_AUTHOR"],
                                  max_chars=app.config["MAX_SEGMENT_CHARS"])
        result = outcome.as_dict()
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if result["operation_id"] is None:
        click.echo("no fix to apply")
    else:
        click.echo(f"operation {result['operation_id']}: {result['rows']} row(s) fixed")
    for item in result["skipped"]:
        click.echo(f"skipped row {item.get('row', '?')}: {item['reason']}")
