"""ORM tables: every record of the design (regions, plans and their items and targets,
observations with revisions and import batches, documents and evidence, progress updates,
cases, users, roles, tokens and the audit trail).

Lists and small structures (names per language, region codes of an item, extracted facts) are
JSON columns: they are read whole with their record and never queried inside on the hot path.
Unique constraints are what makes re-imports idempotent; each names the natural key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false as sa_false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# --- reference -------------------------------------------------------------------------------

class Region(Base):
    """A GB/T 2260 unit (province, prefecture, county), a zone or a grouping of regions."""

    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    parent: Mapped[str | None] = mapped_column(String(32), index=True)
    level: Mapped[str] = mapped_column(String(16))  # province|prefecture|county|zone|group|macro
    province: Mapped[str | None] = mapped_column(String(32), index=True)
    macro_region: Mapped[str | None] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {lang: [name, alias, ...]}
    members: Mapped[list[Any]] = mapped_column(default=list)  # for groups: member codes


# --- plans -----------------------------------------------------------------------------------

class Plan(Base):
    __tablename__ = "plan"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    title_zh: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    issued: Mapped[dt.date | None] = mapped_column(Date)
    issuers: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"agencies": [...], "regions": [...]}
    sources: Mapped[list[Any]] = mapped_column(default=list)
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)
    versions: Mapped[list[PlanVersion]] = relationship(back_populates="plan", cascade="all, delete-orphan")


class PlanVersion(Base):
    """One stored parse or curation of a plan; items and targets hang off a version."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "version", name="uq_plan_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str | None] = mapped_column(String(100))
    source_hash: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    # The plan-level fields as this version has them (the plan row holds the current ones).
    title_zh: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    issued: Mapped[dt.date | None] = mapped_column(Date)
    issuers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sources: Mapped[list[Any] | None] = mapped_column(JSON)
    plan: Mapped[Plan] = relationship(back_populates="versions")
    items: Mapped[list[Item]] = relationship(back_populates="plan_version", cascade="all, delete-orphan")
    targets: Mapped[list[Target]] = relationship(back_populates="plan_version", cascade="all, delete-orphan")


class Item(Base):
    """A node of a plan's results framework: section, programme, task, measure, safeguard, goal."""

    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("plan_version_id", "ref", name="uq_item_ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(50))  # dotted path of numbers from the top, "3.2"
    short_ref: Mapped[str | None] = mapped_column(String(50))  # stable reference of link-output.md
    parent_ref: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[int | None] = mapped_column(Integer)
    ordinal: Mapped[int] = mapped_column(Integer)
    title_zh: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    text_zh: Mapped[str | None] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    regions: Mapped[list[Any]] = mapped_column(default=list)
    partners: Mapped[list[Any]] = mapped_column(default=list)
    places: Mapped[list[Any]] = mapped_column(default=list)
    agencies: Mapped[list[Any]] = mapped_column(default=list)
    lead: Mapped[dict[str, Any]] = mapped_column(default=dict)
    domains: Mapped[list[Any]] = mapped_column(default=list)
    flags: Mapped[list[Any]] = mapped_column(default=list)  # low-confidence fields
    plan_version: Mapped[PlanVersion] = relationship(back_populates="items")


class Target(Base):
    """A quantified goal of a plan or one of its items; kept per plan version (history)."""

    __tablename__ = "target"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"), index=True)
    item_ref: Mapped[str | None] = mapped_column(String(50))
    indicator: Mapped[str | None] = mapped_column(String(80))
    comparator: Mapped[str] = mapped_column(String(2))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    regions: Mapped[list[Any]] = mapped_column(default=list)
    region: Mapped[str | None] = mapped_column(String(32))  # the one region or zone it is for
    proxy: Mapped[str | None] = mapped_column(String(32))
    proxy_is_measure: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    plan_version: Mapped[PlanVersion] = relationship(back_populates="targets")


# --- observations ----------------------------------------------------------------------------

class ImportBatch(Base):
    """One imported file: where every stored value came from."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), default="observations")
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    imported_by: Mapped[str | None] = mapped_column(String(100))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    # Review of a reporter's upload: submitted -> approved | returned; imports by evaluators and
    # admins (and every import before the review workflow) are approved as they are stored.
    state: Mapped[str] = mapped_column(String(16), default="approved", server_default="approved")
    region: Mapped[str | None] = mapped_column(String(32))  # the reporter's region, when one
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)


class Observation(Base):
    """A value of an indicator for a region and year. A changed value is a new revision; the
    current one has `is_current`; old revisions are kept for `observations history`."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("region", "indicator", "year", "revision", name="uq_observation_revision"),
        Index("ix_observation_current", "indicator", "region", "year", "is_current"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(String(80))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(60))
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    row: Mapped[int | None] = mapped_column(Integer)
    derived_from: Mapped[list[Any] | None] = mapped_column(JSON)  # inputs when computed, else null
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


# --- documents and evidence ------------------------------------------------------------------

def region_key(regions) -> str:
    """A region set as one indexed string: sorted codes, comma-joined ("" for none)."""
    return ",".join(sorted(regions))


def _event_date(context) -> dt.date:
    """A new document's event date: its publication date, else the day it is stored."""
    return context.get_current_parameters().get("published") or _now().date()


class Document(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str | None] = mapped_column(Text)  # outlet or collection name
    path: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    repairs: Mapped[list[Any]] = mapped_column(default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # regions, places, amounts, dates ...
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    event: Mapped[str | None] = mapped_column(String(64), index=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # What event grouping compares, stored once at ingest so that a later batch finds its
    # neighbours by an indexed query and never re-embeds a stored text (evidence.ingest):
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # 512 float32, little-endian
    event_date: Mapped[dt.date | None] = mapped_column(Date, default=_event_date)  # published, else ingestion day
    # mirrors of facts["regions"] (sorted codes, comma-joined, "" for none) and facts["link"]["item"]
    region_key: Mapped[str | None] = mapped_column(String(512))
    linked_item: Mapped[str | None] = mapped_column(String(160))

    __table_args__ = (Index("ix_document_region_key_date", "region_key", "event_date"),
                      Index("ix_document_item_region_date", "linked_item", "region_key", "event_date"),
                      Index("ix_document_event_date", "event_date"),
                      Index("ix_document_published", "published"))

    @validates("facts")
    def _mirror_facts(self, _key, facts):
        facts = facts or {}
        self.region_key = region_key(facts.get("regions", []))
        self.linked_item = (facts.get("link") or {}).get("item")
        return facts


class DocumentAmount(Base):
    """A money amount a document states (yuan), one row each: the amount blocks of event grouping
    and the largest amount of the digest are indexed queries, not reads of every document."""

    __tablename__ = "document_amount"
    __table_args__ = (Index("ix_document_amount_key_date", "amount_key", "event_date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    amount_key: Mapped[float] = mapped_column(Float)  # the value to three significant digits
    event_date: Mapped[dt.date | None] = mapped_column(Date)  # the document's, for the date window


class IngestError(Base):
    """A file of a batch that could not be read; the batch goes on without it."""

    __tablename__ = "ingest_error"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Evidence(Base):
    """A link from a document to a plan item, with its score and an evaluator's review."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("document_id", "plan_id", "item_ref", name="uq_evidence_link"),
                      Index("ix_evidence_plan_item", "plan_id", "item_ref"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[str] = mapped_column(String(100))
    item_ref: Mapped[str] = mapped_column(String(50))
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed|confirmed|rejected
    # the linker chose this link for its document (also in facts["linked"]): a column, so that
    # the counting rule is a WHERE clause (evidence.counting.counted_clause)
    linked: Mapped[bool] = mapped_column(Boolean, default=False)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @validates("facts")
    def _mirror_linked(self, _key, facts):
        self.linked = bool((facts or {}).get("linked"))
        return facts


class ProgressUpdate(Base):
    __tablename__ = "progress_update"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(100))
    item_ref: Mapped[str] = mapped_column(String(50))
    region: Mapped[str | None] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(20))  # "2024", "2024H1", "2024Q3"
    status: Mapped[str] = mapped_column(String(30))  # not_started|in_progress|completed|delayed
    narrative: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16), default="submitted")  # draft|submitted|approved|returned
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)


class PeriodLock(Base):
    """A reporting period closed for a region by an evaluator: nothing more is written to it
    until an admin unlocks it (the row is deleted, the audit trail keeps both events)."""

    __tablename__ = "period_lock"
    __table_args__ = (UniqueConstraint("region", "period", name="uq_period_lock"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(32))  # a province code
    period: Mapped[str] = mapped_column(String(20))
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Case(Base):
    """A good practice or typical case for the library of cases; what people read is kept in
    Chinese and in English (at least one title)."""

    __tablename__ = "case"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_zh: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    summary_zh: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    lessons_zh: Mapped[str | None] = mapped_column(Text)
    lessons_en: Mapped[str | None] = mapped_column(Text)
    regions: Mapped[list[Any]] = mapped_column(default=list)
    items: Mapped[list[Any]] = mapped_column(default=list)
    domains: Mapped[list[Any]] = mapped_column(default=list)
    documents: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


# --- people and accountability ---------------------------------------------------------------

class Role(Base):
    __tablename__ = "role"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)  # admin|evaluator|reporter|viewer
    description: Mapped[str | None] = mapped_column(Text)
    permissions: Mapped[list[Any]] = mapped_column(default=list)


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(ForeignKey("role.name"))
    regions: Mapped[list[Any]] = mapped_column(default=list)  # scope of a reporter
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id; none: no log-in


class WebSession(Base):
    """A logged-in browser. Only the SHA-256 of the cookie is stored; the session ends after an
    idle time or an absolute lifetime (web/sessions.py), or at log-out (row deleted)."""

    __tablename__ = "web_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie value
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Setting(Base):
    """An instance-wide setting an admin changes (e.g. `public_reading`)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class ApiToken(Base):
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256; the token is shown once
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, server_default=func.now())
    actor: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
