"""web: passwords, sessions, settings, period locks; review states of progress updates and
observation batches (the state `accepted` is renamed `approved`)

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.create_table(
        "web_session",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_web_session_user_id", "web_session", ["user_id"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=True),
    )
    op.create_table(
        "period_lock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("locked_by", sa.String(length=100), nullable=True),
        sa.Column("locked_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("region", "period", name="uq_period_lock"),
    )
    with op.batch_alter_table("progress_update") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("review_comment", sa.Text(), nullable=True))
    op.execute("UPDATE progress_update SET state = 'approved' WHERE state = 'accepted'")
    with op.batch_alter_table("import_batch") as batch:
        batch.add_column(sa.Column("state", sa.String(length=16), nullable=False, server_default="approved"))
        batch.add_column(sa.Column("region", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("review_comment", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_batch") as batch:
        for name in ("review_comment", "reviewed_at", "reviewed_by", "region", "state"):
            batch.drop_column(name)
    op.execute("UPDATE progress_update SET state = 'accepted' WHERE state = 'approved'")
    with op.batch_alter_table("progress_update") as batch:
        for name in ("review_comment", "reviewed_at", "reviewed_by", "updated_at"):
            batch.drop_column(name)
    op.drop_table("period_lock")
    op.drop_table("setting")
    op.drop_index("ix_web_session_user_id", "web_session")
    op.drop_table("web_session")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("password_hash")
