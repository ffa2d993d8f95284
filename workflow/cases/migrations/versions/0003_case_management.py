"""case management: merged cases point to their survivor (case_merges); documents linked into a second case

Revision ID: 0003_case_management
Revises: 0002
Create Date: 2026-12-02 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import workflow.cases.store


revision = '0003_case_management'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_merges',
        sa.Column('absorbed_id', sa.String(length=32), nullable=False),
        sa.Column('survivor_id', sa.String(length=32), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('merged_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['absorbed_id'], ['cases.id'], ),
        sa.ForeignKeyConstraint(['survivor_id'], ['cases.id'], ),
        sa.PrimaryKeyConstraint('absorbed_id'),
    )
    with op.batch_alter_table('case_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_merges_survivor_id'), ['survivor_id'], unique=False)
    op.create_table(
        'document_links',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('case_id', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=500), nullable=False),
        sa.Column('reason', sa.String(length=40), nullable=False),
        sa.Column('linked_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'document_id', name='uq_document_link'),
    )
    with op.batch_alter_table('document_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_links_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_links_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('document_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_links_document_id'))
        batch_op.drop_index(batch_op.f('ix_document_links_case_id'))
    op.drop_table('document_links')
    with op.batch_alter_table('case_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_merges_survivor_id'))
    op.drop_table('case_merges')
