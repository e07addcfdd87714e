"""officials (a managed list), the events they attend, and indexes for the conflict check

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'officials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('position', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('organisation', sa.String(length=200), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_officials')),
        sa.UniqueConstraint('name', name=op.f('uq_officials_name')),
    )
    op.create_table(
        'event_officials',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('official_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_officials_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['official_id'], ['officials.id'],
                                name=op.f('fk_event_officials_official_id_officials'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('event_id', 'official_id', name=op.f('pk_event_officials')),
    )
    op.create_index(op.f('ix_event_officials_official_id'), 'event_officials', ['official_id'])
    op.create_index(op.f('ix_event_forces_force_id'), 'event_forces', ['force_id'])


def downgrade():
    op.drop_index(op.f('ix_event_forces_force_id'), table_name='event_forces')
    op.drop_index(op.f('ix_event_officials_official_id'), table_name='event_officials')
    op.drop_table('event_officials')
    op.drop_table('officials')
