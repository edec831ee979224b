"""qa finding fixes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: the finding has no fix (findings stored before this revision have none until QA runs again).
    with op.batch_alter_table('qa_findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fixes', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('qa_findings', schema=None) as batch_op:
        batch_op.drop_column('fixes')
