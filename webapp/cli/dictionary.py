"""`bitext dictionary list|add|remove|import|export PROJECT`: a project's spelling dictionary."""

from __future__ import annotations

import sys

import click

from webapp.cli.context import atomic_output, cli_session, read_bytes
from webapp.services import dictionary
from webapp.services.projects import find_project

_PROJECT = click.argument("project")


@click.group("dictionary")
def dictionary_group() -> None:
    """A project's spelling dictionary: words the spelling check accepts (PROJECT: name or id)."""


@dictionary_group.command("list")
@_PROJECT
@click.option("--find", "q", default="", help="Only the words containing this text (any case).")
def list_command(project: str, q: str) -> None:
    """Print the words, one a line, in alphabetical order; the count goes to standard error."""
    with cli_session() as (_, session):
        total, found = dictionary.list_words(session, find_project(session, project), q=q)
        for entry in found:
            click.echo(entry.word)
    click.echo(f"{total} word{'' if total == 1 else 's'}", err=True)


@dictionary_group.command("add")
@_PROJECT
@click.argument("words", nargs=-1, required=True)
def add_command(project: str, words: tuple[str, ...]) -> None:
    """Add WORDS; their spelling findings are cleared. One bad word adds none."""
    with cli_session() as (app, session):
        found = find_project(session, project)
        for word in words:
            click.echo(dictionary.add_word(session, found, word, app.config["DEFAULT_AUTHOR"]).summary)


@dictionary_group.command("remove")
@_PROJECT
@click.argument("words", nargs=-1, required=True)
def remove_command(project: str, words: tuple[str, ...]) -> None:
    """Remove WORDS (in any case); a word not in the dictionary removes none."""
    with cli_session() as (app, session):
        found = find_project(session, project)
        for word in words:
            click.echo(dictionary.removed_summary(
                dictionary.remove_word(session, found, word, app.config["DEFAULT_AUTHOR"])))


@dictionary_group.command("import")
@_PROJECT
@click.argument("file")
def import_command(project: str, file: str) -> None:
    """Merge the word list FILE (UTF-8, one word a line, # comments); a bad line imports nothing."""
    data = sys.stdin.buffer.read() if file == "-" else read_bytes(file)
    with cli_session() as (app, session):
        found = find_project(session, project)
        click.echo(dictionary.import_words(session, found, data, app.config["DEFAULT_AUTHOR"]).summary)


@dictionary_group.command("export")
@_PROJECT
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export_command(project: str, output: str | None) -> None:
    """Write the word list: one word a line, in alphabetical order (what import reads)."""
    with cli_session() as (_, session):
        body = dictionary.export_words(session, find_project(session, project)).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    with atomic_output(output) as out:
        out.write(body)
