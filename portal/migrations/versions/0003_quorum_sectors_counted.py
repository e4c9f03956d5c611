"""which sectors count towards a body's quorum

Revision ID: 0003_quorum_sectors
Revises: 0002_publishing
Create Date: 2026-11-23 12:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_quorum_sectors'
down_revision = '0002_publishing'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('body') as batch:
        batch.add_column(sa.Column('quorum_sectors_counted', sa.String(length=200),
                                   server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('body') as batch:
        batch.drop_column('quorum_sectors_counted')
