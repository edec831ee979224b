"""document skeletons: the original .docx / .html / .md of a document, for the export in its own format

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 13:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Documents imported before have no row here: they export as before, built from their text.
    op.create_table(
        'document_skeletons',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('format_id', sa.String(length=10), nullable=False),
        sa.Column('file_name', sa.String(length=500), nullable=False),
        sa.Column('original', sa.LargeBinary(), nullable=False),
        sa.Column('layout', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_document_skeletons_document_id_documents'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_skeletons')),
    )


def downgrade() -> None:
    op.drop_table('document_skeletons')
