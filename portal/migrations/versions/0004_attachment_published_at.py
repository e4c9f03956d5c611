"""attachments are published with their document

Revision ID: 0004_attachment_published
Revises: 0003_quorum_sectors
Create Date: 2026-11-23 12:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_attachment_published'
down_revision = '0003_quorum_sectors'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment') as batch:
        batch.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
    # Files attached before this change were already public: keep them so.
    op.execute("UPDATE attachment SET published_at = uploaded_at")


def downgrade():
    with op.batch_alter_table('attachment') as batch:
        batch.drop_column('published_at')
