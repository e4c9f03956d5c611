"""case files

Revision ID: compact_0003
Revises: compact_0002
Create Date: 2026-12-02 10:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'compact_0003'
down_revision = 'compact_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('compact_case_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['compact_complaint.id'], name=op.f('fk_compact_case_file_complaint_id_compact_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['compact_case_message.id'], name=op.f('fk_compact_case_file_message_id_compact_case_message'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_compact_case_file_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compact_case_file'))
    )
    with op.batch_alter_table('compact_case_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compact_case_file_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_compact_case_file_message_id'), ['message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('compact_case_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compact_case_file_message_id'))
        batch_op.drop_index(batch_op.f('ix_compact_case_file_complaint_id'))

    op.drop_table('compact_case_file')
