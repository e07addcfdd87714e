"""optional Russian texts of officials

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = (
    ('officials', 'name_ru', 200),
    ('officials', 'position_ru', 200),
    ('officials', 'organisation_ru', 200),
)


def upgrade():
    # Plain ADD COLUMN (SQLite has it), nullable: no batch copy of the table.
    for table, column, length in COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(length=length), nullable=True))


def downgrade():
    for table, column, _length in reversed(COLUMNS):
        op.drop_column(table, column)
