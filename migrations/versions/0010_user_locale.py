"""a user's interface language

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 17:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (SQLite has it): a batch copy of `users` would lose its
    # expression index on lower(username).
    op.add_column('users', sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade():
    op.drop_column('users', 'locale')
