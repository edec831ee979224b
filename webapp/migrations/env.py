"""Alembic environment: runs against the engine of the app that `webapp.migrate` passes in."""

from alembic import context

from webapp import models  # noqa: F401  (registers the tables on Base.metadata)
from webapp.db import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
