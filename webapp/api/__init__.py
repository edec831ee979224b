"""The JSON API under /api/v1, described by an OpenAPI document generated from these views.

Views name their argument schemas as instances (`@bp.arguments(RowPatchSchema())`): given a class, webargs
builds a new schema on every request, a tenth of a millisecond of a save."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from flask_smorest import Api
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from webapp.services.editing import STALE
from webapp.services.errors import Conflict


class BitextApi(Api):
    def _register_error_handlers(self) -> None:
        """Leave errors to webapp.errors, which answers pages and API in their own shapes."""


def current_author() -> str:
    """Who is making this request: the logged-in user, a token's user, or the local user."""
    principal = g.get("principal")
    return principal.name if principal is not None else current_app.config["DEFAULT_AUTHOR"]


@contextmanager
def committing(session: Session, current: Callable[[], dict] | None = None) -> Iterator[None]:
    """Run a change and commit it; a row saved meanwhile by someone else becomes a 409 and nothing changes.

    `current` gives the row as it is now, for the 409, once the failed change is rolled back."""
    try:
        yield
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(STALE, **({"current": current()} if current else {})) from None
    except BaseException:
        session.rollback()
        raise


def register_api(app: Flask) -> None:
    from webapp.api.comments import bp as comments_bp
    from webapp.api.dictionary import bp as dictionary_bp
    from webapp.api.documents import bp as documents_bp
    from webapp.api.jobs import bp as jobs_bp
    from webapp.api.memory import bp as memory_bp
    from webapp.api.operations import bp as operations_bp
    from webapp.api.qa import bp as qa_bp
    from webapp.api.rows import bp as rows_bp
    from webapp.api.search import bp as search_bp
    from webapp.api.structure import bp as structure_bp

    api = BitextApi(app)
    for blueprint in (documents_bp, rows_bp, comments_bp, search_bp, operations_bp, structure_bp, jobs_bp,
                      qa_bp, memory_bp, dictionary_bp):
        api.register_blueprint(blueprint)
