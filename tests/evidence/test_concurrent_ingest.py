"""Issue 11, reproduction 3 (the concurrent part): two ingests of the same folder at once.
The second to commit finds its new documents taken; it is rolled back whole and stores again,
now updating them — never an IntegrityError, never a second copy of a document."""

from __future__ import annotations

import copy
import shutil
import threading

from sqlalchemy import func, select

from coopwatch.evidence import ingest
from coopwatch.store.models import Document


def test_two_ingests_of_the_same_folder_at_once_store_each_document_once(store, tmp_path, news_dev, monkeypatch):
    from coopwatch.evidence.analyse import analyse_paths
    from coopwatch.plans import bundled_plans

    folder = tmp_path / "news"
    folder.mkdir()
    for n in ("n003", "n030"):
        shutil.copy(news_dev / f"{n}.txt", folder / f"{n}.txt")
    analysed = analyse_paths([str(folder)], bundled_plans())
    monkeypatch.setattr(ingest, "analyse_paths", lambda *a, **k: copy.deepcopy(analysed))

    # The race, made certain: A has written its documents but not committed when B looks for
    # them (and finds none); then A commits, and B's insert of the same documents conflicts.
    a_wrote, b_looked = threading.Event(), threading.Event()
    real_batch, real_facts = ingest._store_batch, ingest._stored_facts
    first = {"A": True, "B": True}
    calls = {"A": 0, "B": 0}

    def store_batch(s, *args):
        me = threading.current_thread().name
        calls[me] += 1
        if me == "B" and first["B"]:
            a_wrote.wait(10)
        result = real_batch(s, *args)
        if me == "A" and first["A"]:
            first["A"] = False
            a_wrote.set()
            b_looked.wait(10)
        return result

    def stored_facts(*args):
        if threading.current_thread().name == "B" and first["B"]:
            first["B"] = False
            b_looked.set()
        return real_facts(*args)

    monkeypatch.setattr(ingest, "_store_batch", store_batch)
    monkeypatch.setattr(ingest, "_stored_facts", stored_facts)
    results, failures = {}, {}

    def run(name):
        try:
            results[name] = ingest.ingest_paths(store, [str(folder)], actor="admin")
        except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
            failures[name] = exc

    threads = [threading.Thread(target=run, args=(n,), name=n) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == {}
    assert calls == {"A": 1, "B": 2}  # B conflicted once, then stored again
    assert results["A"]["new"] == 2 and results["B"]["updated"] == 2 and results["B"]["new"] == 0
    with store.session() as s:
        assert s.scalar(select(func.count(Document.id))) == 2
