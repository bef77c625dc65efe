"""document vectors and indexed facts: what event grouping and the digest query at scale

Adds to `document` its stored sentence vector (512 float32 as bytes), its event date
(published, else the ingestion day), its region set as a key and the linker's item, with
indexes for the neighbour query of `evidence.ingest`; a `document_amount` table (one row per
stated amount, indexed by amount to three significant digits and date); and `evidence.linked`,
so that the counting rule is a WHERE clause. Existing rows are filled from their JSON facts;
stored vectors are left empty and computed once, when a later batch first needs them.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _amount_key(value: float) -> float:
    # frozen copy of coopwatch.evidence.events.amount_key (a migration must not change later)
    value = float(value)
    if value <= 0:
        return 0.0
    return round(value, -max(0, len(str(int(value))) - 3))


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("vector", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("event_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("region_key", sa.String(length=512), nullable=True))
        batch.add_column(sa.Column("linked_item", sa.String(length=160), nullable=True))
        batch.create_index("ix_document_region_key_date", ["region_key", "event_date"])
        batch.create_index("ix_document_item_region_date", ["linked_item", "region_key", "event_date"])
        batch.create_index("ix_document_event_date", ["event_date"])
        batch.create_index("ix_document_published", ["published"])
    op.create_table(
        "document_amount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("amount_key", sa.Float(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_amount_document_id", "document_amount", ["document_id"])
    op.create_index("ix_document_amount_key_date", "document_amount", ["amount_key", "event_date"])
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("linked", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index("ix_evidence_plan_item", ["plan_id", "item_ref"])
    _fill_from_facts()


def _fill_from_facts() -> None:
    conn = op.get_bind()
    document = sa.table("document", sa.column("id"), sa.column("facts", sa.JSON), sa.column("published", sa.Date),
                        sa.column("ingested_at", sa.DateTime), sa.column("event_date", sa.Date),
                        sa.column("region_key"), sa.column("linked_item"))
    amount = sa.table("document_amount", sa.column("document_id"), sa.column("value"), sa.column("amount_key"),
                      sa.column("event_date", sa.Date))
    evidence = sa.table("evidence", sa.column("id"), sa.column("facts", sa.JSON), sa.column("linked", sa.Boolean))
    rows = conn.execute(sa.select(document.c.id, document.c.facts, document.c.published,
                                  document.c.ingested_at)).all()
    for doc_id, facts, published, ingested_at in rows:
        facts = facts or {}
        day = published or (ingested_at.date() if ingested_at is not None else None)
        conn.execute(document.update().where(document.c.id == doc_id).values(
            event_date=day, region_key=",".join(sorted(facts.get("regions", []))),
            linked_item=(facts.get("link") or {}).get("item")))
        values = sorted({float(a["value"]) for a in facts.get("amounts", []) if a.get("value")})
        if values:
            conn.execute(amount.insert(), [{"document_id": doc_id, "value": v, "amount_key": _amount_key(v),
                                            "event_date": day} for v in values])
    for ev_id, facts in conn.execute(sa.select(evidence.c.id, evidence.c.facts)).all():
        if (facts or {}).get("linked"):
            conn.execute(evidence.update().where(evidence.c.id == ev_id).values(linked=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_index("ix_evidence_plan_item")
        batch.drop_column("linked")
    op.drop_index("ix_document_amount_key_date", table_name="document_amount")
    op.drop_index("ix_document_amount_document_id", table_name="document_amount")
    op.drop_table("document_amount")
    with op.batch_alter_table("document") as batch:
        batch.drop_index("ix_document_published")
        batch.drop_index("ix_document_event_date")
        batch.drop_index("ix_document_item_region_date")
        batch.drop_index("ix_document_region_key_date")
        batch.drop_column("linked_item")
        batch.drop_column("region_key")
        batch.drop_column("event_date")
        batch.drop_column("vector")
