"""What every CLI command shares: an app whose engine is closed afterwards, a session, clean errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.orm import Session

from webapp import create_app
from webapp.db import session_scope
from webapp.services.errors import ServiceError


@contextmanager
def cli_app() -> Iterator[Flask]:
    """The app configured from BITEXT_* variables, its connections closed when the command ends."""
    app = create_app()
    try:
        yield app
    finally:
        app.extensions["bitext.engine"].dispose()


@contextmanager
def cli_session() -> Iterator[tuple[Flask, Session]]:
    """The app and a session committed on success; service errors become a clean CLI error."""
    with cli_app() as app:
        try:
            with app.app_context(), session_scope(app) as session:
                yield app, session
        except ServiceError as error:
            raise click.ClickException(error.message) from error


class ProgressBar:
    """A one-line progress bar on standard error, drawn only when it is a terminal."""

    def __init__(self, width: int = 30) -> None:
        self.width, self.shown = width, sys.stderr.isatty()

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.shown:
            return
        filled = round(self.width * max(0.0, min(fraction, 1.0)))
        bar = "#" * filled + " " * (self.width - filled)
        sys.stderr.write(f"\r[{bar}] {fraction:4.0%} {message[:40]:<40}")
        sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            self(1.0, "done")
            sys.stderr.write("\n")


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror}") from error


@contextmanager
def atomic_output(path: str) -> Iterator:
    """A binary file that replaces `path` only when writing succeeded, so a failed export leaves no stub."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as handle:
            yield handle
        partial.replace(target)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from error
    finally:
        partial.unlink(missing_ok=True)
