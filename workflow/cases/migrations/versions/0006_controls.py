"""controls: keyed audit records, pending two-person approvals, server-side web sessions

Revision ID: 0003_controls
Revises: 0002
Create Date: 2026-12-02 16:00:00.000000

Existing audit records keep their plain SHA-256 hashes (`mac_scheme` NULL = legacy): they still
verify, and the first keyed record links to the last legacy hash, so its HMAC seals them.
"""
from alembic import op
import sqlalchemy as sa
import workflow.cases.store


revision = '0003_controls'
down_revision = '0003_pending_screening'  # chained after the screening queue
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mac_scheme', sa.String(length=20), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('os_user', sa.String(length=200), nullable=True))
    op.create_table(
        'pending_approvals',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('case_id', sa.String(length=32), sa.ForeignKey('cases.id'), nullable=False),
        sa.Column('outcome', sa.String(length=40), nullable=False),
        sa.Column('proposed_by', sa.String(length=200), nullable=False),
        sa.Column('nominated', sa.String(length=200), nullable=True),
        sa.Column('request', sa.JSON(), nullable=False),
        sa.Column('case_version', sa.Integer(), nullable=False),
        sa.Column('findings_digest', sa.String(length=64), nullable=True),
        sa.Column('created_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('settled_by', sa.String(length=200), nullable=True),
        sa.Column('settled_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pending_approvals_case_id', 'pending_approvals', ['case_id'])
    op.create_table(
        'web_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_name', sa.String(length=200), nullable=False),
        sa.Column('created_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', workflow.cases.store.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_index('ix_web_sessions_user_name', 'web_sessions', ['user_name'])


def downgrade() -> None:
    op.drop_index('ix_web_sessions_user_name', table_name='web_sessions')
    op.drop_table('web_sessions')
    op.drop_index('ix_pending_approvals_case_id', table_name='pending_approvals')
    op.drop_table('pending_approvals')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('os_user')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('mac_scheme')
