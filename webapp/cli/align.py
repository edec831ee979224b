"""`bitext align`: align two plain-text files and print the links."""

from __future__ import annotations

import click


@click.command("align")
def align_command() -> None:
    """Align a source and a target text (placeholder until the aligner lands)."""
    raise click.ClickException("not built yet")
