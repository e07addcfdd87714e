"""optional Russian texts of events, forces and locations

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

COLUMNS = (
    ('events', 'title_ru', 300),
    ('events', 'description_ru', None),
    ('forces', 'name_ru', 200),
    ('locations', 'name_ru', 200),
    ('locations', 'city_ru', 100),
)


def upgrade():
    # Plain ADD COLUMN (SQLite has it), nullable: no batch copy of the tables.
    for table, column, length in COLUMNS:
        kind = sa.Text() if length is None else sa.String(length=length)
        op.add_column(table, sa.Column(column, kind, nullable=True))


def downgrade():
    for table, column, _length in reversed(COLUMNS):
        op.drop_column(table, column)
