"""project words: each project's spelling dictionary and its change stamp; a QA finding's flagged text, lower-cased

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 16:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'project_words',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=60), nullable=False),
        sa.Column('word_key', sa.String(length=60), nullable=False),
        sa.Column('added_by', sa.String(length=100), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_project_words_project_id_projects'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_project_words')),
    )
    with op.batch_alter_table('project_words', schema=None) as batch_op:
        batch_op.create_index('uq_project_words_key', ['project_id', 'word_key'], unique=True)
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dictionary_revision', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('dictionary_changed_at', sa.DateTime(timezone=True), nullable=True))
    # NULL for the findings stored before: they are replaced by the next check of their row or document.
    with op.batch_alter_table('qa_findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged_key', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('qa_findings', schema=None) as batch_op:
        batch_op.drop_column('flagged_key')
    with op.batch_alter_table('project_words', schema=None) as batch_op:
        batch_op.drop_index('uq_project_words_key')
    op.drop_table('project_words')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('dictionary_changed_at')
        batch_op.drop_column('dictionary_revision')
