"""sentence original (hard-wrapped lines joined on import)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 13:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: the sentence is stored as uploaded (every sentence imported before this revision).
    with op.batch_alter_table('sentences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sentences', schema=None) as batch_op:
        batch_op.drop_column('original')
