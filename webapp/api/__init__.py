"""The JSON API under /api/v1, described by an OpenAPI document generated from these views."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api


class BitextApi(Api):
    def _register_error_handlers(self) -> None:
        """Leave errors to webapp.errors, which answers pages and API in their own shapes."""


def register_api(app: Flask) -> None:
    from webapp.api.documents import bp as documents_bp
    from webapp.api.rows import bp as rows_bp

    api = BitextApi(app)
    for blueprint in (documents_bp, rows_bp):
        api.register_blueprint(blueprint)
