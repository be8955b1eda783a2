"""indicators: framework versions, the framework of each period, reported figures

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_framework',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_framework')),
    sa.UniqueConstraint('version', name=op.f('uq_indicator_framework_version'))
    )
    op.create_table('indicator_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['indicator_framework.id'], name=op.f('fk_indicator_period_framework_id_indicator_framework')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_period')),
    sa.UniqueConstraint('period', name=op.f('uq_indicator_period_period'))
    )
    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('updated_by', sa.String(length=254), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_indicator_value_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('partner_id', 'period', 'code', name=op.f('uq_indicator_value_partner_id_period_code'))
    )
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_value_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_value_period'), ['period'], unique=False)


def downgrade():
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_value_period'))
        batch_op.drop_index(batch_op.f('ix_indicator_value_partner_id'))

    op.drop_table('indicator_value')
    op.drop_table('indicator_period')
    op.drop_table('indicator_framework')
