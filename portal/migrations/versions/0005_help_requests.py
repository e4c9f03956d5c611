"""requests for help: other formats and accessibility problems

Revision ID: 0005_help_requests
Revises: 0004_attachment_published
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_help_requests'
down_revision = '0004_attachment_published'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('help_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('format', 'problem', name='requestkind', native_enum=False, length=20), nullable=False),
    sa.Column('page', sa.String(length=500), nullable=False),
    sa.Column('format', sa.Enum('easy_read', 'large_print', 'audio', 'braille', 'language', 'other', name='format', native_enum=False, length=20), nullable=True),
    sa.Column('language_wanted', sa.String(length=100), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=12), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_help_request_done_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_help_request_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_request'))
    )
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_request_kind'), ['kind'], unique=False)


def downgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_request_kind'))
        batch_op.drop_index(batch_op.f('ix_help_request_created_at'))

    op.drop_table('help_request')
