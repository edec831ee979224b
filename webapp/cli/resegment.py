"""`bitext resegment DOC`: split an imported document again with its project's current settings."""

from __future__ import annotations

import json

import click

from webapp.cli.context import cli_session
from webapp.services import documents as docs
from webapp.services.resegmentation import resegment


@click.command("resegment")
@click.argument("doc")
@click.option("--dry-run", is_flag=True, help="Say what would change, change nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def resegment_command(doc: str, dry_run: bool, fmt: str) -> None:
    """Re-split document DOC (id or exact title) with its project's current segmentation settings (；/：,
    extra abbreviations), rebuilding only the paragraphs whose sentences change, as one operation (undo it
    from the review page or the API). Paragraphs holding corrected, confirmed or commented rows are
    skipped and listed."""
    with cli_session() as (app, session):
        document = docs.find_document(session, doc)
        outcome = resegment(session, document, author=app.config["DEFAULT_AUTHOR"], dry_run=dry_run)
    if fmt == "json":
        click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(outcome.headline())
    for skipped in outcome.skipped:
        click.echo(f"skipped rows {', '.join(map(str, skipped.rows))}: {skipped.reason}")
    if outcome.operation_id is not None:
        click.echo(f"operation {outcome.operation_id} (undo it as one step)")
