"""a stored support count on Assembly topics

Revision ID: assembly_0002
Revises: assembly_0001
Create Date: 2026-12-03 12:00:00.000000

The event's list of topics, most supported first, counted every topic's
supports on each request (1.6 s at 10,000 topics, docs/performance.md). The
count is now a column kept in step as people support and withdraw, filled here
from the supports already given, with an index for the list's order.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'assembly_0002'
down_revision = 'assembly_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assembly_topic', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_count', sa.Integer(), server_default='0',
                                      nullable=False))

    op.execute("UPDATE assembly_topic SET support_count = (SELECT count(assembly_support.id) "
               "FROM assembly_support WHERE assembly_support.topic_id = assembly_topic.id)")

    with op.batch_alter_table('assembly_topic', schema=None) as batch_op:
        batch_op.create_index('ix_assembly_topic_event_support',
                              ['event_id', 'support_count', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('assembly_topic', schema=None) as batch_op:
        batch_op.drop_index('ix_assembly_topic_event_support')
        batch_op.drop_column('support_count')
