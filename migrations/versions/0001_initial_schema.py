"""initial schema

Revision ID: 4d56dc50732e
Revises: 
Create Date: 2026-11-26 17:42:51.961622

"""
from alembic import op
import sqlalchemy as sa

import core.db_types


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_cluster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('canonical_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_cluster'))
    )
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('region', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('city_en', sa.String(length=100), nullable=False),
    sa.Column('city_zh', sa.String(length=100), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('description_zh', sa.Text(), nullable=False),
    sa.Column('alliance_member', sa.Boolean(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner')),
    sa.UniqueConstraint('slug', name=op.f('uq_partner_slug'))
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_region'), ['region'], unique=False)

    op.create_table('feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('language', sa.String(length=4), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('body_hash', sa.String(length=64), nullable=True),
    sa.Column('context_hash', sa.String(length=64), nullable=True),
    sa.Column('last_sync_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('next_sync_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_until', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('held_reason', sa.Text(), nullable=False),
    sa.Column('held_body', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_feed_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed'))
    )
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_next_sync_at'), ['next_sync_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_status'), ['status'], unique=False)

    op.create_table('link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('note_en', sa.Text(), nullable=False),
    sa.Column('note_zh', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=False),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('source_id <> target_id', name=op.f('ck_link_not_self')),
    sa.ForeignKeyConstraint(['source_id'], ['partner.id'], name=op.f('fk_link_source_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['partner.id'], name=op.f('fk_link_target_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link'))
    )
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_target_id'), ['target_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_user_account_partner_id_partner'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_entry_actor_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=500), nullable=False),
    sa.Column('recurrence_id', sa.String(length=32), nullable=False),
    sa.Column('start_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('end_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('all_day', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('tzid', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=4), nullable=False),
    sa.Column('title_en', sa.Text(), nullable=False),
    sa.Column('title_zh', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('description_zh', sa.Text(), nullable=False),
    sa.Column('description_html_en', sa.Text(), nullable=True),
    sa.Column('description_html_zh', sa.Text(), nullable=True),
    sa.Column('location_en', sa.Text(), nullable=False),
    sa.Column('location_zh', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('last_modified_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('first_seen_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cluster_id'], ['event_cluster.id'], name=op.f('fk_event_cluster_id_event_cluster'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feed_id'], ['feed.id'], name=op.f('fk_event_feed_id_feed'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_event_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('feed_id', 'uid', 'recurrence_id', name=op.f('uq_event_feed_id_uid_recurrence_id'))
    )
    # event and event_cluster refer to each other: the cluster's key is added once both exist.
    with op.batch_alter_table('event_cluster', schema=None) as batch_op:
        batch_op.create_foreign_key(op.f('fk_event_cluster_canonical_id_event'), 'event', ['canonical_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index('ix_event_start_end', ['start_at', 'end_at'], unique=False)

    op.create_table('feed_component',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=500), nullable=False),
    sa.Column('recurrence_id', sa.String(length=100), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('occurrences', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['feed.id'], name=op.f('fk_feed_component_feed_id_feed'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_component')),
    sa.UniqueConstraint('feed_id', 'uid', 'recurrence_id', name=op.f('uq_feed_component_feed_id_uid_recurrence_id'))
    )
    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_en', sa.String(length=200), nullable=False),
    sa.Column('organization_zh', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('sector', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('interest', sa.Text(), nullable=False),
    sa.Column('introduced_by_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('lost_reason', sa.Text(), nullable=False),
    sa.Column('next_follow_up_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['introduced_by_id'], ['partner.id'], name=op.f('fk_lead_introduced_by_id_partner'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_lead_owner_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_lead_partner_id_partner'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead'))
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_next_follow_up_on'), ['next_follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_stage'), ['stage'], unique=False)

    op.create_table('partner_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_partner_token_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_partner_token_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_partner_token_token_hash'))
    )
    with op.batch_alter_table('partner_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_token_partner_id'), ['partner_id'], unique=False)

    op.create_table('sync_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=12), nullable=False),
    sa.Column('started_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.Column('occurrences', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['feed.id'], name=op.f('fk_sync_run_feed_id_feed'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_run'))
    )
    with op.batch_alter_table('sync_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_run_feed_id'), ['feed_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_follow_up_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_follow_up_lead_id_lead'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_lead_id'), ['lead_id'], unique=False)

    op.create_table('stage_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=16), nullable=False),
    sa.Column('to_stage', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_stage_change_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_stage_change_lead_id_lead'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_change'))
    )
    with op.batch_alter_table('stage_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_change_lead_id'), ['lead_id'], unique=False)



def downgrade():
    with op.batch_alter_table('event_cluster', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_event_cluster_canonical_id_event'), type_='foreignkey')

    with op.batch_alter_table('stage_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_change_lead_id'))

    op.drop_table('stage_change')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_lead_id'))

    op.drop_table('follow_up')
    with op.batch_alter_table('sync_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_run_feed_id'))

    op.drop_table('sync_run')
    with op.batch_alter_table('partner_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_token_partner_id'))

    op.drop_table('partner_token')
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_stage'))
        batch_op.drop_index(batch_op.f('ix_lead_source'))
        batch_op.drop_index(batch_op.f('ix_lead_owner_id'))
        batch_op.drop_index(batch_op.f('ix_lead_next_follow_up_on'))
        batch_op.drop_index(batch_op.f('ix_lead_email'))

    op.drop_table('lead')
    op.drop_table('feed_component')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_start_end')
        batch_op.drop_index(batch_op.f('ix_event_partner_id'))
        batch_op.drop_index(batch_op.f('ix_event_cluster_id'))

    op.drop_table('event')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
    op.drop_table('user_account')
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_target_id'))
        batch_op.drop_index(batch_op.f('ix_link_source_id'))

    op.drop_table('link')
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_status'))
        batch_op.drop_index(batch_op.f('ix_feed_partner_id'))
        batch_op.drop_index(batch_op.f('ix_feed_next_sync_at'))

    op.drop_table('feed')
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_region'))

    op.drop_table('partner')
    op.drop_table('event_cluster')
