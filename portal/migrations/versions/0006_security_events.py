"""the security log

Revision ID: 0006_security_events
Revises: 0005_help_requests
Create Date: 2026-12-02 16:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_security_events'
down_revision = '0005_help_requests'
branch_labels = None
depends_on = None

KINDS = ('login', 'login_failed', 'login_blocked', 'logout', 'password_changed',
         'role_changed', 'organisation_member_added', 'organisation_member_removed',
         'plugin_enabled', 'plugin_disabled', 'part2_read', 'confidential_read',
         'data_exported', 'account_deleted')


def upgrade():
    op.create_table('security_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.Enum(*KINDS, name='eventkind', native_enum=False, length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_security_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_event'))
    )
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_security_event_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_security_event_actor_id'), ['actor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_security_event_kind'))
        batch_op.drop_index(batch_op.f('ix_security_event_at'))
    op.drop_table('security_event')
