"""Database engine, sessions, ORM tables and Alembic migrations."""

from coopwatch.store.database import Store, database_url, open_store
from coopwatch.store.audit import record_audit

__all__ = ["Store", "database_url", "open_store", "record_audit"]
