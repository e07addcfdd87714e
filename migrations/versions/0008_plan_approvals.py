"""plan approvals: a year's plan approved, with its snapshot

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plan_approvals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('approved_on', sa.Date(), nullable=False),
        sa.Column('reference', sa.String(length=200), nullable=False),
        sa.Column('approved_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('snapshot', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'],
                                name=op.f('fk_plan_approvals_approved_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_approvals')),
    )
    with op.batch_alter_table('plan_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_approvals_year'), ['year'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_approvals_year'))
    op.drop_table('plan_approvals')
