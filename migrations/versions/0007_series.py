"""recurring series: repeat rule, excluded dates and overrides

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rrule', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('exdates', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('recurs', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('series_ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recurrence_id', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_events_series_id_events'), 'events',
                                    ['series_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_events_series_id'), ['series_id'], unique=False)
        batch_op.create_index('ix_events_series_span', ['recurs', 'starts_at'], unique=False)
        batch_op.create_unique_constraint('uq_events_series_id', ['series_id', 'recurrence_id'])
        batch_op.create_check_constraint('series_has_rule', 'NOT recurs OR rrule IS NOT NULL')
        batch_op.create_check_constraint('override_names_occurrence',
                                         '(series_id IS NULL) = (recurrence_id IS NULL)')


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('override_names_occurrence', type_='check')
        batch_op.drop_constraint('series_has_rule', type_='check')
        batch_op.drop_constraint('uq_events_series_id', type_='unique')
        batch_op.drop_index('ix_events_series_span')
        batch_op.drop_index(batch_op.f('ix_events_series_id'))
        batch_op.drop_constraint(batch_op.f('fk_events_series_id_events'), type_='foreignkey')
        batch_op.drop_column('recurrence_id')
        batch_op.drop_column('series_id')
        batch_op.drop_column('series_ends_at')
        batch_op.drop_column('recurs')
        batch_op.drop_column('exdates')
        batch_op.drop_column('rrule')
