"""Alembic environment: runs against the engine of the app that `webapp.migrate` passes in."""

from alembic import context

from webapp import models  # noqa: F401  (registers the tables on Base.metadata)
from webapp.db import Base, UtcDateTime


def render_item(type_, obj, _autogen_context):
    """Migrations store timestamps as plain timezone-aware DateTime; UtcDateTime only adds UTC on load."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    render_item=render_item,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
