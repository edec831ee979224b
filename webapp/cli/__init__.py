"""The `bitext` command line: one click group; each command family lives in its own module."""

from __future__ import annotations

import click

from webapp.cli.align import align_command
from webapp.cli.backup import backup_command
from webapp.cli.documents import documents_command, export_command, import_command
from webapp.cli.fix import fix_command
from webapp.cli.glossary import glossary_group
from webapp.cli.jobs import jobs_command, worker_command
from webapp.cli.memory import memory_group
from webapp.cli.qa import qa_command
from webapp.cli.server import db_group, demo_command, serve_command
from webapp.cli.users import user_group


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Bitext Workbench: align, review, check and export machine translation."""


for command in (serve_command, db_group, demo_command, import_command, export_command, documents_command,
                align_command, glossary_group, worker_command, jobs_command,
                backup_command, user_group, qa_command, fix_command, memory_group):
    main.add_command(command)
