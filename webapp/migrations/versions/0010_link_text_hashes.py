"""link text hashes

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 14:00:00
"""
from alembic import op
import sqlalchemy as sa

from webapp.models.core import text_hash


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_hash', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('target_hash', sa.String(length=16), nullable=False, server_default=''))
    _hash_existing_rows(op.get_bind())


def _hash_existing_rows(bind) -> None:
    """What Link.rehash() records, for the rows stored before: source and MT sentences joined in order.
    A document at a time, so memory holds one document's texts."""
    for (document_id,) in bind.execute(sa.text("SELECT id FROM documents")).all():
        texts: dict[int, dict[str, list[str]]] = {}
        for link_id, side, text in bind.execute(sa.text(
                "SELECT link_id, side, text FROM sentences WHERE document_id = :d ORDER BY link_id, position"),
                {"d": document_id}):
            texts.setdefault(link_id, {"source": [], "mt": []})[side].append(text)
        hashes = []
        for link_id, target in bind.execute(sa.text("SELECT id, target FROM links WHERE document_id = :d"),
                                            {"d": document_id}):
            sides = texts.get(link_id, {"source": [], "mt": []})
            final = " ".join(sides["mt"]) if target is None else target
            hashes.append({"id": link_id, "source": text_hash(" ".join(sides["source"])),
                           "target": text_hash(final)})
        if hashes:
            bind.execute(sa.text("UPDATE links SET source_hash = :source, target_hash = :target WHERE id = :id"),
                         hashes)


def downgrade() -> None:
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.drop_column('target_hash')
        batch_op.drop_column('source_hash')
