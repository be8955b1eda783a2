"""derived work queue, sync runs' derived cost, indexes for uncached list and search

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

import core.db_types

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_end_at", ["end_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_event_search_title ON event USING gin"
            " (to_tsvector('simple'::regconfig, search_title))"
        )
    op.create_table(
        "derived_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("indexed", sa.Boolean(), nullable=False),
        sa.Column("queued_at", core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_derived_work_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derived_work")),
    )
    with op.batch_alter_table("derived_work", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_derived_work_event_id"), ["event_id"], unique=False)
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("derived_ms", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_event_search_title")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_end_at")
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.drop_column("derived_ms")
    with op.batch_alter_table("derived_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_derived_work_event_id"))
    op.drop_table("derived_work")
