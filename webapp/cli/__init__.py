"""The `bitext` command line: one click group; each command family lives in its own module."""

from __future__ import annotations

import click

from webapp.cli.align import align_command
from webapp.cli.documents import documents_command, export_command, import_command
from webapp.cli.server import db_group, demo_command, serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Bitext Workbench: align, review, check and export machine translation."""


for command in (serve_command, db_group, demo_command, import_command, export_command, documents_command,
                align_command):
    main.add_command(command)
