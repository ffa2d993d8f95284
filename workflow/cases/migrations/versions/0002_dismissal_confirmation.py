"""dismissal confirmation: a blocker's false-positive dismissal names its second reviewer

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import workflow.cases.store


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: existing dispositions were made by one reviewer and stay as they are.
    with op.batch_alter_table('finding_dispositions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', workflow.cases.store.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('finding_dispositions', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_by')
