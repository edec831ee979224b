"""Bitext Workbench web application."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from webapp.config import DEFAULTS, LOOPBACK_HOSTS, instance_secret_key, sqlite_url

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then BITEXT_* environment variables, then `config`."""
    from flask import Flask  # here, not at import: `bitext align` imports this package and needs no web stack

    instance = (config or {}).get("INSTANCE_PATH") or os.environ.get("BITEXT_INSTANCE")
    app = Flask(__name__, instance_path=os.path.abspath(instance) if instance else None,
                instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("BITEXT")
    if config:
        app.config.from_mapping(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        # A key shipped with the code would let anyone sign a session cookie: each instance makes its own.
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = sqlite_url(app.instance_path)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        # Browsers keep Secure cookies over plain http only on loopback; elsewhere serve over https.
        app.config["SESSION_COOKIE_SECURE"] = app.config["HOST"] not in LOOPBACK_HOSTS

    from webapp import db, errors
    from webapp.api import register_api
    from webapp.api.glossary import register as register_glossary_api
    from webapp.auth import bp as auth_bp
    from webapp.auth import guard
    from webapp.documents import bp as documents_bp
    from webapp.exchange import bp as exchange_bp
    from webapp.glossary import bp as glossary_bp
    from webapp.memory import bp as memory_bp
    from webapp.projects import bp as projects_bp
    from webapp.qa import bp as qa_bp
    from webapp.review import bp as review_bp

    db.init_app(app)
    errors.init_app(app)
    guard.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(exchange_bp)
    app.register_blueprint(glossary_bp)
    app.register_blueprint(qa_bp)
    app.register_blueprint(memory_bp)
    register_api(app)
    register_glossary_api(app)
    return app
