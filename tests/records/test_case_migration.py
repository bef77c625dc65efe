"""Migration 0007: the case texts stored before it (one per field) are filed by language, and
the downgrade gives one text per field back."""

from __future__ import annotations

import datetime as dt

from coopwatch.records.cases import get_case


def test_the_migration_files_stored_case_texts_by_language(database_url, migrate):
    import sqlalchemy as sa

    from coopwatch.store import open_store
    from coopwatch.store.database import make_engine

    migrate("0006")
    case = sa.table("case", sa.column("id"), sa.column("title"), sa.column("summary"), sa.column("lessons"),
                    sa.column("regions", sa.JSON), sa.column("items", sa.JSON), sa.column("domains", sa.JSON),
                    sa.column("documents", sa.JSON), sa.column("created_at", sa.DateTime))
    engine = make_engine(database_url)
    with engine.begin() as conn:  # as a store at revision 0006 holds them
        conn.execute(case.insert(), [
            dict(id=1, title="闽宁协作", summary="Technology transfer", lessons=None, regions=["640000"], items=[],
                 domains=[], documents=[], created_at=dt.datetime(2024, 1, 1)),
            dict(id=2, title="Pairing", summary=None, lessons="对口支援", regions=[], items=[], domains=[],
                 documents=[], created_at=dt.datetime(2024, 1, 2))])
    engine.dispose()
    store = open_store(database_url)
    one, two = get_case(store, 1), get_case(store, 2)
    assert (one.title_zh, one.title_en, one.summary_zh, one.summary_en, one.regions) == (
        "闽宁协作", None, None, "Technology transfer", ("640000",))
    assert (two.title_zh, two.title_en, two.lessons_zh, two.lessons_en) == (None, "Pairing", "对口支援", None)
    store.dispose()
    migrate("0006", down=True)  # and back: one text per field again
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text('SELECT id, title, summary, lessons FROM "case" ORDER BY id')).all() == [
            (1, "闽宁协作", "Technology transfer", None), (2, "Pairing", None, "对口支援")]
    engine.dispose()
