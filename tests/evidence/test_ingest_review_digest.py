"""`coopwatch ingest`, the review of links and the digest, on the store of the current lane."""

import json
import shutil

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from coopwatch.cli import app
from coopwatch.errors import NotFound
from coopwatch.store.models import AuditEntry, Document, Evidence, IngestError
from coopwatch.evidence.digest import build_digest, render_digest
from coopwatch.evidence.ingest import ingest_paths
from coopwatch.evidence.review import list_evidence, review

pytestmark = pytest.mark.usefixtures("staff")  # the evaluators these tests act as

SALT_LAKE = ["n003", "n030", "n041", "n027", "n014"]


@pytest.fixture
def folder(tmp_path, news_dev):
    d = tmp_path / "news"
    d.mkdir()
    for n in SALT_LAKE:
        shutil.copy(news_dev / f"{n}.txt", d / f"{n}.txt")
    (d / "empty.txt").write_bytes(b"")
    return d


def _doc_id(store, name):
    with store.session() as s:
        return s.scalar(select(Document.id).where(Document.path.like(f"%{name}.txt")))


def test_ingest_stores_documents_links_events_and_errors(store, folder):
    summary = ingest_paths(store, [str(folder)], source="dev", actor="admin")
    assert summary["documents"] == 5 and summary["new"] == 5 and len(summary["errors"]) == 1
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(IngestError)) == 1
        docs = {d.path.rsplit("/", 1)[-1][:-4]: d for d in s.scalars(select(Document))}
        assert docs["n003"].event == docs["n030"].event == docs["n041"].event != docs["n027"].event
        assert docs["n003"].source == "dev" and docs["n030"].language == "zh"
        best = s.scalar(select(Evidence).where(Evidence.document_id == docs["n030"].id, Evidence.rank == 1))
        assert (best.plan_id, best.item_ref, best.state) == ("eastwest-14fyp", "3.2", "proposed")
        assert best.facts["linked"] is True and ["630000", "340000"] in best.facts["pairs"]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "ingest")).one()
    assert (audit.actor, audit.entity) == ("admin", "document")
    assert audit.after == {"documents": 5, "new": 5, "updated": 0, "duplicates": 0, "links": summary["links"],
                           "errors": 1, "source": "dev"}


def test_review_decisions_are_audited_and_survive_reingest(store, folder):
    ingest_paths(store, [str(folder)], actor="admin")
    n030, n014 = _doc_id(store, "n030"), _doc_id(store, "n014")
    review(store, n030, "eastwest-14fyp:3.2", "rejected", by="li", note="wrong programme")
    review(store, n014, "eastwest-14fyp:3.2", "confirmed", by="li")  # not proposed: added by hand
    again = ingest_paths(store, [str(folder)], actor="admin")
    assert again["new"] == 0 and again["updated"] == 5
    rows = {(r["document"], r["item"]): r for r in list_evidence(store)}
    assert rows[(n030, "eastwest-14fyp:3.2")]["state"] == "rejected"
    assert rows[(n030, "eastwest-14fyp:3.2")]["note"] == "wrong programme"
    assert rows[(n014, "eastwest-14fyp:3.2")]["state"] == "confirmed"
    assert [r["item"] for r in list_evidence(store, state="confirmed")] == ["eastwest-14fyp:3.2"]
    with store.session() as s:
        audit = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "evidence").order_by(AuditEntry.id)))
    assert [(a.action, a.actor) for a in audit] == [("evidence.reject", "li"), ("evidence.confirm", "li")]
    assert audit[0].before["state"] == "proposed" and audit[0].after["state"] == "rejected"
    with pytest.raises(NotFound):
        review(store, 999_999, "eastwest-14fyp:3.2", "confirmed", by="admin")


def test_digest_counts_events_once_and_traces_every_figure(store, folder):
    ingest_paths(store, [str(folder)], actor="admin")
    d = build_digest(store, lang="en")
    topic = next(t for t in d["topics"] if t["item"] == "eastwest-14fyp:3.2")
    assert topic["events"] == 2 and topic["reports"] == 4
    assert topic["amount"] == 2_000_000_000 + 150_000_000  # one event reported three times counts once
    assert len(topic["documents"]) == 4
    pairs = {(p["west"], p["partner"]): p for p in d["pairings"]}
    assert pairs[("630000", "340000")]["events"] == 1 and len(pairs[("630000", "340000")]["documents"]) == 3
    assert d["cases"][0]["reports"] == 3 and sorted(d["cases"][0]["languages"]) == ["de", "fr", "zh"]
    assert build_digest(store, since="2999-01-01")["documents"] == 0


def test_the_digest_reads_in_chinese_with_the_documents_of_every_line(store, folder):
    ingest_paths(store, [str(folder)], actor="admin")
    ids = {n: _doc_id(store, n) for n in SALT_LAKE}
    event, other = sorted(ids[n] for n in ("n003", "n030", "n041")), [ids["n027"]]

    def docs(xs):
        return "[文档 " + ", ".join(map(str, sorted(xs))) + "]"

    task = "打造世界级盐湖产业基地"
    assert render_digest(build_digest(store, lang="zh")).splitlines() == [
        "证据摘要", "时段：全部已存文档", "文档5篇，关联到方案任务4篇，事件2个", "",
        "主题", f"- eastwest-14fyp:3.2 {task}：2个事件，4篇报道，金额 21.50亿元；安徽省、重庆市、青海省 {docs(event + other)}",
        "",
        "结对（西部地区—合作方）", f"- 青海省 – 安徽省：1个事件 {docs(event)}", f"- 青海省 – 重庆市：1个事件 {docs(other)}", "",
        "典型案例", f"- {task} (eastwest-14fyp:3.2)：3篇报道 (de, fr, zh)，金额 20.00亿元 {docs(event)}",
        f"- {task} (eastwest-14fyp:3.2)：1篇报道 (en)，金额 1.50亿元 {docs(other)}"]
    # and in English, with the counted nouns agreeing with their numbers
    english = render_digest(build_digest(store, lang="en")).splitlines()
    assert english[8] == f"- Qinghai – Anhui: 1 event [documents {', '.join(map(str, event))}]"
    assert english[-1].startswith("- Build a world-class salt lake industrial base (eastwest-14fyp:3.2): 1 report (en)")
    assert "2 events, 4 reports" in english[5]


def test_cli_ingest_review_and_digest(store, folder):
    runner = CliRunner()
    run = runner.invoke(app, ["ingest", str(folder), "--source", "dev", "--json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["documents"] == 5
    doc = _doc_id(store, "n027")
    run = runner.invoke(app, ["evidence", "confirm", str(doc), "eastwest-14fyp:3.2", "--by", "li", "--json"])
    assert run.exit_code == 0 and json.loads(run.stdout)["state"] == "confirmed"
    run = runner.invoke(app, ["evidence", "list", "--state", "confirmed", "--json"])
    assert [r["document"] for r in json.loads(run.stdout)["evidence"]] == [doc]
    run = runner.invoke(app, ["digest", "--lang", "zh", "--json"])
    assert run.exit_code == 0, run.output
    digest = build_digest(store, lang="zh")
    assert json.loads(run.stdout) == digest
    assert [c["confirmed"] for c in digest["cases"] if doc in c["documents"]] == [True]  # the confirmation counts
    run = runner.invoke(app, ["digest", "--lang", "zh"])
    assert run.exit_code == 0, run.output
    # the library's text, whatever the terminal's width folded
    assert "".join(run.stdout.split()) == "".join(render_digest(digest).split())


def test_a_later_batch_joins_the_event_of_stored_reports(store, tmp_path, news_dev):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    shutil.copy(news_dev / "n003.txt", first / "n003.txt")
    for n in ("n030", "n041", "n027"):
        shutil.copy(news_dev / f"{n}.txt", second / f"{n}.txt")
    ingest_paths(store, [str(first)], actor="admin")
    ingest_paths(store, [str(second)], actor="admin")
    with store.session() as s:
        events = {d.path.rsplit("/", 1)[-1][:-4]: d.event for d in s.scalars(select(Document))}
    assert events["n003"] == events["n030"] == events["n041"] != events["n027"]
