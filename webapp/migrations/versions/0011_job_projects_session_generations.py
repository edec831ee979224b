"""job projects, session generations

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 21:50:00
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_jobs_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_jobs_project_id_projects'), 'projects', ['project_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
    _attribute_existing_jobs(op.get_bind())


def _attribute_existing_jobs(bind) -> None:
    """A job's project is its document's; an import job's is the document it made (in its result)."""
    bind.execute(sa.text(
        "UPDATE jobs SET project_id = (SELECT project_id FROM documents WHERE documents.id = jobs.document_id)"
        " WHERE document_id IS NOT NULL"))
    imports = bind.execute(sa.text(
        "SELECT id, result FROM jobs WHERE document_id IS NULL AND kind = 'import' AND result IS NOT NULL")).all()
    for job_id, result in imports:
        result = json.loads(result) if isinstance(result, str) else result  # SQLite: text; PostgreSQL: JSON
        made = result.get("document_id") if isinstance(result, dict) else None
        if made is not None:
            bind.execute(sa.text("UPDATE jobs SET project_id = (SELECT project_id FROM documents WHERE id = :d)"
                                 " WHERE id = :j"), {"d": made, "j": job_id})


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_jobs_project_id_projects'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_jobs_project_id'))
        batch_op.drop_column('project_id')
