"""The database: its URL, engine, sessions and schema migrations.

SQLite file `./coopwatch.db` by default; any SQLAlchemy URL given (PostgreSQL through psycopg 3:
`postgresql+psycopg://user@host:port/db`). The CLI and the web app take the URL from
`COOPWATCH_DATABASE_URL` (`coopwatch.settings`); this module never reads the environment. The schema is kept by
Alembic; `open_store()` applies pending migrations, so every command starts on the current schema.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from coopwatch.errors import StoreUnavailable

DEFAULT_URL = "sqlite:///coopwatch.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(url: str | None = None) -> str:
    """The URL to use: the one given, else ./coopwatch.db; postgresql:// means psycopg 3."""
    url = url or DEFAULT_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _display(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL, checked by connecting once; StoreUnavailable names the URL."""
    url = database_url(url)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreUnavailable(f"database URL {_display(url)!r} cannot be used: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreUnavailable(f"cannot reach database {_display(url)}: {reason}") from None
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the Alembic revision, the newest by default (idempotent)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def known_revisions() -> list[str]:
    """Every Alembic revision of this version of coopwatch, oldest first."""
    from alembic.script import ScriptDirectory

    return [r.revision for r in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def schema_revision(conn) -> str | None:
    """The Alembic revision the connected database is at."""
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config():
    """Alembic's configuration for the migrations shipped with coopwatch."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


class Store:
    """An opened, migrated database: `with store.session() as s:` gives a transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return _display(str(self.engine.url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole on any error."""
        with self._sessions() as s:
            with s.begin():
                yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    engine = make_engine(url)
    if migrate_schema:
        migrate(engine)
    return Store(engine)


def create_database(server_url: str, prefix: str = "coopwatch_") -> str:
    """A new, empty database on the PostgreSQL server of `server_url`; returns its URL. For test
    lanes and benchmarks, which need a database of their own per run."""
    import uuid

    name = prefix + uuid.uuid4().hex[:12]
    admin = create_engine(database_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return database_url(server_url).rsplit("/", 1)[0] + "/" + name


def drop_database(server_url: str, url: str) -> None:
    """Drop the database of `url` (made by create_database), closing its connections."""
    name = url.rsplit("/", 1)[1]
    admin = create_engine(database_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
