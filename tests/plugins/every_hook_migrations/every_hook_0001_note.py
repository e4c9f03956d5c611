"""every_hook: the test plugin's note table

Revision ID: every_hook_0001
Revises:
Create Date: 2026-11-23 11:00:00

The first revision of the test plugin's own branch: it starts the branch
"every_hook" and needs the core's first revision (its tables) to exist.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "every_hook_0001"
down_revision = None
branch_labels = ("every_hook",)
depends_on = "0001_core"


def upgrade():
    op.create_table(
        "every_hook_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_every_hook_note")),
    )


def downgrade():
    op.drop_table("every_hook_note")
