"""requests and letters: when a letter's message data was handed to the SMTP server

A send that loses the connection after the data was handed over is `uncertain` (the status column
is a free string); `handed_over_at` says when, for the person who checks whether it arrived.
The request itself (requester, host, dates, ...) lives in cases.details (JSON), no column needed.

Revision ID: 0003_requests
Revises: 0002
Create Date: 2026-12-02 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import workflow.cases.store


revision = '0003_requests'
down_revision = '0003_case_management'  # chained after the case-management tables
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', workflow.cases.store.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
