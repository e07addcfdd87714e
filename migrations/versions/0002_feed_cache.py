"""stored VEVENT text per event and the feed change counter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 19:40:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ics_text', sa.Text(), nullable=True))
    feed_state = op.create_table(
        'feed_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.Column('render_signature', sa.String(length=64), nullable=False),
        sa.Column('longest_event_seconds', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_state')),
    )
    # Existing events get their text on the first feed request (render_signature
    # '' never matches), or at once with `calendar-app feeds rebuild`.
    op.bulk_insert(feed_state, [{'id': 1, 'generation': 0,
                                 'changed_at': datetime.now(timezone.utc).replace(tzinfo=None),
                                 'render_signature': '',
                                 # unknown until recomputed: half a century bounds nothing out
                                 'longest_event_seconds': 50 * 366 * 86400}])  # fits a 32-bit integer


def downgrade():
    op.drop_table('feed_state')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('ics_text')
