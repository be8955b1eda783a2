"""security: failed sign-ins counted per e-mail and per client address

Revision ID: 0004_security
Revises: 0003
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

# revision identifiers, used by Alembic.
revision = '0004_security'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=254), nullable=False),
    sa.Column('at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_scope_key_at', ['scope', 'key', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_scope_key_at')

    op.drop_table('login_attempt')
