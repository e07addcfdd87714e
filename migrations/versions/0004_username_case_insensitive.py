"""usernames unique regardless of case

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    # Fails (and changes nothing) if two existing users differ only in case: rename one first.
    op.create_index(
        'uq_users_username_lower', 'users', [sa.text('lower(username)')], unique=True
    )


def downgrade():
    op.drop_index('uq_users_username_lower', table_name='users')
