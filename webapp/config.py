"""Configuration defaults; `create_app` layers BITEXT_* environment variables and a mapping on top."""

from __future__ import annotations

from pathlib import Path

DEFAULTS = {
    "SECRET_KEY": "dev-only-change-me",
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "HOST": "127.0.0.1",
    "PORT": 5000,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "MAX_SEGMENT_CHARS": 20_000,
    "SESSION_COOKIE_SECURE": None,  # None: Secure unless the app listens on loopback
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "DEFAULT_PROJECT": "Default",
    "DEFAULT_AUTHOR": "local",
    "REDIS_URL": None,  # set to run background jobs on an RQ queue served by `bitext worker`
    "ALIGN_DICTIONARY": None,  # a zh<TAB>en dictionary file added to CC-CEDICT for alignment
    "ALIGN_MODEL_DIR": None,  # a local sentence-transformers model: embeddings join the alignment evidence
    "API_TITLE": "Bitext Workbench API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def sqlite_url(instance_path: str) -> str:
    """The default database: a SQLite file in the instance folder."""
    return f"sqlite:///{Path(instance_path) / 'bitext.sqlite3'}"
