"""Configuration defaults; `create_app` layers BITEXT_* environment variables and a mapping on top."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_CHARS = 32
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

DEFAULTS = {
    "SECRET_KEY": None,  # None: a random key kept in the instance folder (see instance_secret_key)
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


def instance_secret_key(instance_path: str) -> str:
    """The instance's session key: read from its file, or made once at random and kept there (mode 0600).

    Made in a temporary file and linked into place, so two processes starting together agree on one key.
    """
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        tmp = path.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MIN_SECRET_KEY_CHARS:
        raise RuntimeError(f"{path} holds a key shorter than {MIN_SECRET_KEY_CHARS} characters: "
                           "delete the file to make a new one")
    return key
