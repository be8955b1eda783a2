"""partner events: entered events, staff overrides, hidden and featured events

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('entered_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=200), nullable=False),
    sa.Column('import_key', sa.String(length=200), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('cohost_ids', sa.String(length=500), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('block', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_entered_event_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_entered_event_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entered_event')),
    sa.UniqueConstraint('partner_id', 'import_key', name=op.f('uq_entered_event_partner_id_import_key')),
    sa.UniqueConstraint('uid', name=op.f('uq_entered_event_uid'))
    )
    with op.batch_alter_table('entered_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entered_event_cohost_ids'), ['cohost_ids'], unique=False)
        batch_op.create_index(batch_op.f('ix_entered_event_partner_id'), ['partner_id'], unique=False)

    op.create_table('event_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=24), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('base', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_override_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_event_override_updated_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_override')),
    sa.UniqueConstraint('event_id', 'field', name=op.f('uq_event_override_event_id_field'))
    )
    with op.batch_alter_table('event_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_override_conflict'), ['conflict'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_override_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', core.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('featured_at', core.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_featured_at'), ['featured_at'], unique=False)


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_featured_at'))
        batch_op.drop_column('featured_at')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('event_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_override_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_override_conflict'))

    op.drop_table('event_override')
    with op.batch_alter_table('entered_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entered_event_partner_id'))
        batch_op.drop_index(batch_op.f('ix_entered_event_cohost_ids'))

    op.drop_table('entered_event')
