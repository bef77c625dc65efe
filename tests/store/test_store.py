"""The store: migrations, transactions and the constraints that make re-imports idempotent.
These run on SQLite, and again on PostgreSQL in `make test`."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from coopwatch.errors import StoreUnavailable
from coopwatch.store import open_store, record_audit
from coopwatch.store.models import AuditEntry, Document, Evidence, ImportBatch, Observation, Plan, PlanVersion

EXPECTED_TABLES = {
    "region", "plan", "plan_version", "item", "target", "import_batch", "observation", "document",
    "ingest_error", "evidence", "progress_update", "case", "role", "user_account", "api_token",
    "audit_entry", "alembic_version",
}


def test_migrations_create_every_record_of_the_design(store):
    tables = set(inspect(store.engine).get_table_names())
    assert EXPECTED_TABLES <= tables


def test_opening_twice_migrates_once_and_keeps_data(store, database_url):
    with store.session() as s:
        s.add(Plan(id="p1", title_en="A plan"))
    again = open_store(database_url)
    with again.session() as s:
        assert s.get(Plan, "p1").title_en == "A plan"
    again.dispose()


def test_a_failed_transaction_stores_nothing(store):
    with pytest.raises(RuntimeError):
        with store.session() as s:
            s.add(Plan(id="p2"))
            s.flush()
            raise RuntimeError("user error half-way")
    with store.session() as s:
        assert s.get(Plan, "p2") is None


def test_an_observation_revision_is_stored_once(store):
    with store.session() as s:
        batch = ImportBatch(file_name="a.csv", sha256="0" * 64)
        s.add(batch)
        s.flush()
        s.add(Observation(region="630000", indicator="gdp", year=2022, value=3610.1, revision=1, batch_id=batch.id))
    with pytest.raises(IntegrityError):
        with store.session() as s:
            s.add(Observation(region="630000", indicator="gdp", year=2022, value=3610.1, revision=1))
    with store.session() as s:
        assert len(s.scalars(select(Observation)).all()) == 1


def test_a_document_is_stored_once_per_content_and_linked_once_per_item(store):
    with store.session() as s:
        d = Document(content_hash="h" * 64, text="青海盐湖")
        s.add(d)
        s.flush()
        s.add(Evidence(document_id=d.id, plan_id="eastwest-14fyp", item_ref="3.2", score=0.9))
    with pytest.raises(IntegrityError):
        with store.session() as s:
            s.add(Document(content_hash="h" * 64, text="duplicate"))
    with pytest.raises(IntegrityError):
        with store.session() as s:
            doc_id = s.scalars(select(Document.id)).one()
            s.add(Evidence(document_id=doc_id, plan_id="eastwest-14fyp", item_ref="3.2", score=0.5))


def test_plan_versions_are_unique_per_plan(store):
    with store.session() as s:
        s.add(Plan(id="p3"))
        s.flush()
        s.add(PlanVersion(plan_id="p3", version=1))
    with pytest.raises(IntegrityError):
        with store.session() as s:
            s.add(PlanVersion(plan_id="p3", version=1))


def test_audit_entries_commit_with_the_change_they_describe(store):
    with pytest.raises(ValueError):
        with store.session() as s:
            record_audit(s, actor="evaluator", action="confirm", entity="evidence", entity_id=1,
                         before={"state": "proposed"}, after={"state": "confirmed"})
            raise ValueError("rolled back")
    with store.session() as s:
        record_audit(s, actor="evaluator", action="confirm", entity="evidence", entity_id=1,
                     before={"state": "proposed"}, after={"state": "confirmed"})
    with store.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.actor == "evaluator")).all()
        assert [(e.actor, e.after) for e in entries] == [("evaluator", {"state": "confirmed"})]


def test_an_unreachable_database_is_named_in_one_line():
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    with pytest.raises(StoreUnavailable) as exc:
        open_store(url)
    message = str(exc.value)
    assert "127.0.0.1:1/none" in message and "\n" not in message


def test_a_malformed_url_is_named():
    with pytest.raises(StoreUnavailable, match="not-a-url"):
        open_store("not-a-url")
