"""plan_version: a plan's title, issue date, issuers and sources kept per version, so that a
new version changing them leaves the history of the earlier ones as it was (issue 11).
Existing versions get the plan row's values, the best that is known of them.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_version") as batch:
        batch.add_column(sa.Column("title_zh", sa.Text(), nullable=True))
        batch.add_column(sa.Column("title_en", sa.Text(), nullable=True))
        batch.add_column(sa.Column("issued", sa.Date(), nullable=True))
        batch.add_column(sa.Column("issuers", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("sources", sa.JSON(), nullable=True))
    op.execute("UPDATE plan_version SET title_zh = (SELECT p.title_zh FROM plan p WHERE p.id = plan_version.plan_id), "
               "title_en = (SELECT p.title_en FROM plan p WHERE p.id = plan_version.plan_id), "
               "issued = (SELECT p.issued FROM plan p WHERE p.id = plan_version.plan_id), "
               "issuers = (SELECT p.issuers FROM plan p WHERE p.id = plan_version.plan_id), "
               "sources = (SELECT p.sources FROM plan p WHERE p.id = plan_version.plan_id)")


def downgrade() -> None:
    with op.batch_alter_table("plan_version") as batch:
        for name in ("sources", "issuers", "issued", "title_en", "title_zh"):
            batch.drop_column(name)
