"""events: search tokens and full-text index, pre-rendered iCalendar blocks, pair decisions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

The full-text index is not described by the models: on SQLite it is an FTS5 external-content
table kept in step by triggers, on PostgreSQL a GIN index over the same tokens.
"""
from alembic import op
import sqlalchemy as sa

import core.db_types


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE event_fts USING fts5(search_title, search_body, content='event',"
    " content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER event_fts_insert AFTER INSERT ON event BEGIN"
    " INSERT INTO event_fts(rowid, search_title, search_body)"
    " VALUES (new.id, new.search_title, new.search_body); END",
    "CREATE TRIGGER event_fts_delete AFTER DELETE ON event BEGIN"
    " INSERT INTO event_fts(event_fts, rowid, search_title, search_body)"
    " VALUES ('delete', old.id, old.search_title, old.search_body); END",
    "CREATE TRIGGER event_fts_update AFTER UPDATE OF search_title, search_body ON event BEGIN"
    " INSERT INTO event_fts(event_fts, rowid, search_title, search_body)"
    " VALUES ('delete', old.id, old.search_title, old.search_body);"
    " INSERT INTO event_fts(rowid, search_title, search_body)"
    " VALUES (new.id, new.search_title, new.search_body); END",
    "INSERT INTO event_fts(event_fts) VALUES ('rebuild')",
]
POSTGRES_FTS = [
    "CREATE INDEX ix_event_search ON event USING gin"
    " (to_tsvector('simple'::regconfig, search_title || ' ' || search_body))",
]


def upgrade():
    op.create_table('event_pair_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_a_id', sa.Integer(), nullable=False),
    sa.Column('uid_a', sa.String(length=500), nullable=False),
    sa.Column('feed_b_id', sa.Integer(), nullable=False),
    sa.Column('uid_b', sa.String(length=500), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_event_pair_decision_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feed_a_id'], ['feed.id'], name=op.f('fk_event_pair_decision_feed_a_id_feed'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['feed_b_id'], ['feed.id'], name=op.f('fk_event_pair_decision_feed_b_id_feed'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_pair_decision')),
    sa.UniqueConstraint('feed_a_id', 'uid_a', 'feed_b_id', 'uid_b', name=op.f('uq_event_pair_decision_feed_a_id_uid_a_feed_b_id_uid_b'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_title', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('search_body', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ics_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('ics_zh', sa.Text(), nullable=True))
        batch_op.create_index('ix_event_updated_at', ['updated_at'], unique=False)
    statements = {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("event_fts_insert", "event_fts_delete", "event_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS event_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_event_search")
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_updated_at')
        batch_op.drop_column('ics_zh')
        batch_op.drop_column('ics_en')
        batch_op.drop_column('search_body')
        batch_op.drop_column('search_title')

    op.drop_table('event_pair_decision')
