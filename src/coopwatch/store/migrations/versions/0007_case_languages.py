"""case: title, summary and lessons in Chinese and in English (issue 12)

Replaces `case.title`, `summary` and `lessons` (one text each, in whatever language it was
written) by `title_zh`/`title_en`, `summary_zh`/`summary_en` and `lessons_zh`/`lessons_en`.
A stored text goes to the Chinese column when it contains a Chinese character, else to the
English one. The downgrade puts back one text per field (the Chinese one, else the English).

Revision ID: 0007
Revises: 0006
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FIELDS = ("title", "summary", "lessons")
_HAN = re.compile(r"[\u3400-\u9fff]")  # frozen copy of records.cases' rule (a migration must not change later)


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        for name in FIELDS:
            batch.add_column(sa.Column(f"{name}_zh", sa.Text(), nullable=True))
            batch.add_column(sa.Column(f"{name}_en", sa.Text(), nullable=True))
    conn = op.get_bind()
    case = sa.table("case", sa.column("id"), *(sa.column(c) for n in FIELDS for c in (n, f"{n}_zh", f"{n}_en")))
    for row in conn.execute(sa.select(case.c.id, *(case.c[n] for n in FIELDS))).all():
        values = {}
        for name in FIELDS:
            text = row._mapping[name]
            if text:
                values[f"{name}_zh" if _HAN.search(text) else f"{name}_en"] = text
        if values:
            conn.execute(case.update().where(case.c.id == row.id).values(**values))
    with op.batch_alter_table("case") as batch:
        for name in FIELDS:
            batch.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("title", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("summary", sa.Text(), nullable=True))
        batch.add_column(sa.Column("lessons", sa.Text(), nullable=True))
    for name in FIELDS:
        op.execute(f'UPDATE "case" SET {name} = COALESCE({name}_zh, {name}_en' + (", '')" if name == "title" else ")"))
    with op.batch_alter_table("case") as batch:
        for name in FIELDS:
            batch.drop_column(f"{name}_en")
            batch.drop_column(f"{name}_zh")
