"""sync runs count the components with no occurrence in the sync window (outside_window)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sync_run', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('outside_window', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('sync_run', schema=None) as batch_op:
        batch_op.drop_column('outside_window')
