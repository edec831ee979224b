"""The `bitext` command line: one click group; each command family lives in its own module.

Commands are imported when they run, not when the group is built: `bitext align` then loads the aligner
and not Flask, SQLAlchemy and every service (1.2 s and 70 MB that a three-sentence alignment paid).
"""

from __future__ import annotations

import importlib

import click

# Every command, in one place: name → "module:attribute" (listed in `bitext --help` in this order).
COMMANDS = {
    "serve": "webapp.cli.server:serve_command",
    "db": "webapp.cli.server:db_group",
    "demo": "webapp.cli.server:demo_command",
    "import": "webapp.cli.documents:import_command",
    "export": "webapp.cli.documents:export_command",
    "documents": "webapp.cli.documents:documents_command",
    "align": "webapp.cli.align:align_command",
    "glossary": "webapp.cli.glossary:glossary_group",
    "worker": "webapp.cli.jobs:worker_command",
    "jobs": "webapp.cli.jobs:jobs_command",
    "backup": "webapp.cli.backup:backup_command",
    "user": "webapp.cli.users:user_group",
    "qa": "webapp.cli.qa:qa_command",
    "fix": "webapp.cli.fix:fix_command",
    "resegment": "webapp.cli.resegment:resegment_command",
    "memory": "webapp.cli.memory:memory_group",
    "dictionary": "webapp.cli.dictionary:dictionary_group",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if command.name != cmd_name:
            raise RuntimeError(f"{COMMANDS[cmd_name]} is named {command.name!r}, not {cmd_name!r}")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Bitext Workbench: align, review, check and export machine translation."""
