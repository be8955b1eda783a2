"""events: an index of the shown events' days, for the month view (ix_event_shown_days)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

SHOWN = "removed_at IS NULL AND hidden_at IS NULL"
COLUMNS = ["start_at", "end_at", "all_day", "start_date", "end_date", "cluster_id", "partner_id", "id"]


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(
            'ix_event_shown_days',
            COLUMNS,
            unique=False,
            sqlite_where=sa.text(SHOWN),
            postgresql_where=sa.text(SHOWN),
        )


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_shown_days')
