"""pending screenings (durable screening work) and uploads (who uploaded which file)

Revision ID: 0003_pending_screening
Revises: 0002
Create Date: 2026-12-02 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import workflow.cases.store


revision = '0003_pending_screening'
down_revision = '0003_requests'  # chained after the request columns
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = workflow.cases.store.UTCDateTime(timezone=True)
    op.create_table('pending_screenings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', when, nullable=False),
    sa.Column('lease_owner', sa.String(length=200), nullable=True),
    sa.Column('lease_until', when, nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', when, nullable=False),
    sa.Column('updated_at', when, nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    with op.batch_alter_table('pending_screenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_screenings_status'), ['status'], unique=False)
    # Cases filed before this revision and never screened get their pending record now, so the
    # first watcher after the upgrade screens them (issue 16: cases left in `received`).
    op.execute(
        "INSERT INTO pending_screenings (case_id, status, seq, attempts, next_attempt_at, created_at, updated_at) "
        "SELECT c.id, 'pending', 1, 0, c.created_at, c.created_at, c.created_at FROM cases c "
        "WHERE c.state = 'received' AND NOT EXISTS (SELECT 1 FROM screenings s WHERE s.case_id = c.id)"
    )

    op.create_table('uploads',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uploader', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('saved_name', sa.String(length=600), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=True),
    sa.Column('uploaded_at', when, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_uploader'), ['uploader'], unique=False)
        batch_op.create_index(batch_op.f('ix_uploads_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_sha256'))
        batch_op.drop_index(batch_op.f('ix_uploads_uploader'))
    op.drop_table('uploads')
    with op.batch_alter_table('pending_screenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_screenings_status'))
    op.drop_table('pending_screenings')
