"""attachments' files move out of the database into storage

Each attachment's bytes are written to the storage backend
(PORTAL_STORAGE_URL, see portal/storage.py) under a new key, the key is kept
in attachment.storage_key, and the data column is dropped. Downgrading reads
every file back into a data column; the stored copies are left in place
(deleting them before the downgrade's transaction commits could lose them).

Revision ID: 0008_attachment_storage
Revises: 0007_account_deleted_at
Create Date: 2026-12-03 11:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_attachment_storage'
down_revision = '0007_account_deleted_at'
branch_labels = None
depends_on = None
# A version 1 backup (portal/backup.py) is of the schema before this move.
MOVES_FILES_TO_STORAGE = True


def upgrade():
    from portal.storage import files_to_storage

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('storage_key', sa.String(length=64), nullable=True))
    files_to_storage(op.get_bind(), 'attachment')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.alter_column('storage_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('data')


def downgrade():
    from portal.storage import files_from_storage

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
    files_from_storage(op.get_bind(), 'attachment')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('storage_key')
