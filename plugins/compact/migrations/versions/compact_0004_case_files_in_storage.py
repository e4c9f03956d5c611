"""case files move out of the database into storage

Each supporting file's bytes are written to the portal's storage backend
(PORTAL_STORAGE_URL) under a new key kept in compact_case_file.storage_key,
and the data column is dropped. Downgrading reads every file back into a
data column and leaves the stored copies in place.

Revision ID: compact_0004
Revises: compact_0003
Create Date: 2026-12-03 11:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'compact_0004'
down_revision = 'compact_0003'
branch_labels = None
depends_on = None
# A version 1 backup (portal/backup.py) is of the schema before this move.
MOVES_FILES_TO_STORAGE = True


def upgrade():
    from portal.api import files_to_storage

    with op.batch_alter_table('compact_case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('storage_key', sa.String(length=64), nullable=True))
    files_to_storage(op.get_bind(), 'compact_case_file')
    with op.batch_alter_table('compact_case_file', schema=None) as batch_op:
        batch_op.alter_column('storage_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('data')


def downgrade():
    from portal.api import files_from_storage

    with op.batch_alter_table('compact_case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
    files_from_storage(op.get_bind(), 'compact_case_file')
    with op.batch_alter_table('compact_case_file', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('storage_key')
