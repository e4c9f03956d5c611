"""accounts can be deleted by their owner

Revision ID: 0007_account_deleted_at
Revises: 0006_security_events
Create Date: 2026-12-02 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_account_deleted_at'
down_revision = '0006_security_events'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
