"""Key-task scorecards: what raises and lowers an item's score, the reasons it lists, the index
it is built with, and `coopwatch scorecard`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from types import SimpleNamespace

import pytest

from coopwatch.cli import main
from coopwatch.evaluate import Index
from coopwatch.evaluate.scorecard import NO_DATA, build_scorecard, grade, scorecard_index
from coopwatch.evaluate.uncertainty import run_uncertainty
from coopwatch.store.models import Document, Evidence, Observation, ProgressUpdate

PLAN = "eastwest-14fyp"
AS_OF = "2025-06-30"
XINJIANG, SHANGHAI = "650000", "310000"
# 1.1, 1.2 and 1.3 are tasks of the Xinjiang programme (region 650000); 2.1 is Tibet's (540000)
TURNOVER = {2019: 100.0, 2020: 120.0, 2021: 150.0, 2022: 160.0, 2023: 200.0}


def add_document(store, n: int, *, links: dict[str, tuple[str, float]], published=dt.date(2025, 3, 1),
                 amount: float | None = None, regions=(XINJIANG, SHANGHAI), duplicate_of=None,
                 event: str | None = None) -> int:
    """A document linked to items {ref: (state, score)} of the East-West plan; returns its id.
    The first link is the linker's choice for the document, as ingest stores it."""
    with store.session() as s:
        doc = Document(content_hash=f"{n:064d}", text=f"news {n}", path=f"news/n{n:03d}.txt", title=f"Report {n}",
                       published=published, duplicate_of=duplicate_of, event=event or f"ev-{n}",
                       facts={"regions": list(regions), "amounts": [{"value": amount}] if amount else []})
        s.add(doc)
        s.flush()
        for rank, (ref, (state, score)) in enumerate(links.items(), start=1):
            s.add(Evidence(document_id=doc.id, plan_id=PLAN, item_ref=ref, score=score, rank=rank, state=state,
                           facts={"regions": list(regions), "linked": rank == 1}))
        return doc.id


def add_update(store, ref: str, status: str, period="2025H1", state="approved", region=XINJIANG) -> None:
    with store.session() as s:
        s.add(ProgressUpdate(plan_id=PLAN, item_ref=ref, region=region, period=period, status=status, state=state))


def add_observations(store, region=XINJIANG, indicator="technology_contract_turnover", values=TURNOVER) -> None:
    with store.session() as s:
        for year, value in values.items():
            s.add(Observation(region=region, indicator=indicator, year=year, value=value, source="test table"))


def items_of(card: dict) -> dict[str, dict]:
    return {e["item"].split(":", 1)[1]: e for e in card["items"]}


def test_confirmed_recent_evidence_and_completed_update_outscore_a_rejected_link(store):
    add_observations(store)
    add_document(store, 1, links={"1.1": ("confirmed", 0.9)}, amount=5e8)
    add_document(store, 2, links={"1.2": ("rejected", 0.95)})
    add_update(store, "1.1", "completed")
    card = items_of(build_scorecard(store, PLAN, AS_OF))
    good, rejected = card["1.1"], card["1.2"]
    assert good["score"] > rejected["score"]
    assert good["rank"] < rejected["rank"]
    assert good["pillars"]["progress"] == 100.0
    # same region, so the same outcomes: the difference is the evidence and the progress
    assert good["pillars"]["outcomes"] == rejected["pillars"]["outcomes"]
    assert rejected["indicators"]["ev_documents"]["value"] == 0


def test_rejected_and_weak_links_do_not_count(store):
    add_observations(store)
    add_document(store, 1, links={"1.1": ("rejected", 0.99)}, amount=9e9)
    add_document(store, 2, links={"1.1": ("proposed", 0.2)}, amount=9e9)
    strong = add_document(store, 3, links={"1.1": ("proposed", 0.7)})
    entry = items_of(build_scorecard(store, PLAN, AS_OF))["1.1"]
    assert entry["indicators"]["ev_documents"]["value"] == 1
    assert entry["indicators"]["ev_amount"]["value"] == 0  # the rejected and weak documents' amounts are left out
    assert entry["indicators"]["ev_confirmed_share"]["value"] == 0
    counted = [r["document"] for r in entry["reasons"] if r["kind"] == "document" and r["counted"]]
    assert counted == [strong]
    rejected = [r for r in entry["reasons"] if r["kind"] == "document" and r.get("state") == "rejected"]
    assert rejected and not rejected[0]["counted"]


def test_reasons_name_the_documents_values_update_and_figures(store):
    add_observations(store)
    doc = add_document(store, 7, links={"1.1": ("confirmed", 0.8)}, amount=2.5e8)
    copy = add_document(store, 8, links={"1.1": ("proposed", 0.8)}, duplicate_of=doc)
    add_update(store, "1.1", "in_progress", period="2024")
    add_update(store, "1.1", "delayed", period="2025H1", state="returned")  # not approved: ignored
    entry = items_of(build_scorecard(store, PLAN, AS_OF))["1.1"]
    docs = [r for r in entry["reasons"] if r["kind"] == "document" and r["counted"]]
    assert [(r["document"], r["path"], r["title"]) for r in docs] == [(doc, "news/n007.txt", "Report 7")]
    assert docs[0]["pairs"] == [[XINJIANG, SHANGHAI]]
    skipped = next(r for r in entry["reasons"] if r.get("document") == copy)
    assert not skipped["counted"] and str(doc) in skipped["why"]
    progress = [r for r in entry["reasons"] if r["kind"] == "progress"]
    assert [(p["status"], p["period"]) for p in progress] == [("in_progress", "2024")]
    assert entry["pillars"]["progress"] == 60.0
    growth = next(r for r in entry["reasons"] if r["kind"] == "indicator")
    expected = 100 * ((TURNOVER[2023] / TURNOVER[2020]) ** (1 / 3) - 1)
    assert (growth["region"], growth["from"]["year"], growth["to"]["year"]) == (XINJIANG, 2020, 2023)
    assert growth["growth"] == pytest.approx(expected, abs=1e-3)
    assert entry["indicators"]["technology_contract_turnover_growth"]["value"] == pytest.approx(expected, abs=1e-3)
    assert entry["indicators"]["ev_amount"]["value"] == pytest.approx(8.3979, abs=1e-4)  # log10(2.5e8)


def test_weights_renormalise_over_a_missing_pillar(store):
    add_observations(store)
    add_document(store, 1, links={"1.1": ("confirmed", 0.9), "1.2": ("confirmed", 0.9)})
    add_update(store, "1.2", "completed")
    index = scorecard_index(store, PLAN, AS_OF)
    w = index.framework.original_weights()
    scores = index.scores
    no_progress, full = scores.loc[f"{PLAN}:1.1"], scores.loc[f"{PLAN}:1.2"]
    assert no_progress.isna()["Progress"]
    expected = (w["Evidence"] * no_progress["Evidence"] + w["Outcomes"] * no_progress["Outcomes"]) / (
        w["Evidence"] + w["Outcomes"])
    assert no_progress["Scorecard"] == pytest.approx(expected)
    all_three = sum(w[p] * full[p] for p in ("Evidence", "Progress", "Outcomes")) / (
        w["Evidence"] + w["Progress"] + w["Outcomes"])
    assert full["Scorecard"] == pytest.approx(all_three)
    # within the evidence pillar the confirmed share is missing when nothing is counted, yet the pillar scores
    zero = scores.loc[f"{PLAN}:1.3"]
    assert zero["Evidence"] == 0 and zero["Scorecard"] < no_progress["Scorecard"]


def test_an_item_with_no_data_gets_no_score_rather_than_a_zero(store):
    add_observations(store)
    add_document(store, 1, links={"1.1": ("confirmed", 0.9)})
    entry = items_of(build_scorecard(store, PLAN, AS_OF))["2.1"]  # Tibet: no documents, updates or data
    assert entry["score"] is None and entry["grade"] == "n/a" and entry["rank"] is None
    assert {"kind": "none", "text": NO_DATA} in entry["reasons"]


def test_later_documents_and_updates_are_left_out_as_of_a_date(store):
    add_observations(store)
    add_document(store, 1, links={"1.1": ("confirmed", 0.9)}, published=dt.date(2024, 1, 10))
    add_document(store, 2, links={"1.1": ("confirmed", 0.9)}, published=dt.date(2025, 9, 1))
    add_update(store, "1.1", "completed", period="2025Q3")
    entry = items_of(build_scorecard(store, PLAN, AS_OF))["1.1"]
    assert entry["indicators"]["ev_documents"]["value"] == 1
    assert entry["indicators"]["ev_recent"]["value"] == 0  # the one counted is older than 12 months
    assert entry["pillars"]["progress"] is None
    later = items_of(build_scorecard(store, PLAN, "2025-12-31"))["1.1"]
    assert later["indicators"]["ev_documents"]["value"] == 2 and later["pillars"]["progress"] == 100.0


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning", "ignore:Mean of empty slice:RuntimeWarning")
def test_the_scorecard_is_an_index_with_rank_intervals(store):
    # (the runs over the whole index include the items without a score: their ranks are all NaN)
    add_observations(store)
    add_document(store, 1, links={"1.1": ("confirmed", 0.9)}, amount=1e9)
    add_document(store, 2, links={"1.2": ("proposed", 0.6)})
    index = scorecard_index(store, PLAN, AS_OF)
    assert isinstance(index, Index) and index.framework.index_code == "Scorecard"
    assert [s["step"] for s in index.log] == ["normalise", "weights", "aggregate"]
    assert {f"{PLAN}:1.1", f"{PLAN}:7.2"} <= set(index.scores.index)
    evidence_only = index.rebuild({"weights": {"Progress": 0, "Outcomes": 0}})
    key = f"{PLAN}:1.1"
    assert evidence_only.scores.at[key, "Scorecard"] == pytest.approx(index.scores.at[key, "Evidence"])
    result = run_uncertainty(index, 40, seed=3)
    ranks = result.summary()
    assert ranks.at[key, "p5_rank"] <= ranks.at[key, "nominal_rank"] <= ranks.at[key, "p95_rank"]
    card = build_scorecard(store, PLAN, AS_OF, uncertainty=40, seed=3)
    entry = items_of(card)["1.1"]
    assert entry["rank_interval"] == [ranks.at[key, "p5_rank"], ranks.at[key, "p95_rank"]]
    assert items_of(card)["2.1"]["rank_interval"] is None


@pytest.mark.parametrize("score,expected", [(100, "A"), (80, "A"), (79.99, "B"), (65, "B"), (50, "C"),
                                            (49.9, "D"), (35, "D"), (34.9, "E"), (0, "E"), (None, "n/a")])
def test_grade_bands(score, expected):
    assert grade(score) == expected


@pytest.fixture
def cli(monkeypatch, capsys, database_url):
    def run(*args):
        monkeypatch.setattr(sys, "argv", ["coopwatch", "scorecard", *args])
        with pytest.raises(SystemExit) as stop:
            main()
        out = capsys.readouterr()
        return SimpleNamespace(returncode=stop.value.code, stdout=out.out, stderr=out.err)
    return run


def test_cli_json_has_the_documented_shape(store, cli):
    add_observations(store)
    add_document(store, 1, links={"1.1": ("confirmed", 0.9)}, amount=1e9)
    run = cli("--plan", PLAN, "--as-of", AS_OF, "--json", "--uncertainty", "20")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["plan"] == PLAN and data["as_of"] == AS_OF
    assert len(data["items"]) == 20  # the plan's tasks
    first = data["items"][0]
    assert first["item"] == f"{PLAN}:1.1" and first["kind"] == "task" and first["title"]["zh"]
    assert set(first) >= {"score", "grade", "pillars", "reasons", "rank", "rank_interval"}
    assert set(first["pillars"]) == {"evidence", "progress", "outcomes"}
    assert 0 <= first["score"] <= 100 and first["grade"] == grade(first["score"])
    table = cli("--plan", PLAN, "--as-of", AS_OF, "--lang", "zh")
    assert table.returncode == 0 and "支持新疆" in table.stdout


@pytest.mark.parametrize("args,field", [(("--plan", "no-such-plan"), "--plan"), (("--as-of", "2025-02-30"), "--as-of"),
                                        (("--lang", "fr"), "--lang")])
def test_cli_refuses_bad_input_in_one_line_with_status_2(store, cli, args, field):
    run = cli(*args)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and field in run.stderr
    assert "Traceback" not in run.stderr


def test_target_status_scores_the_items_targets(store):
    from coopwatch.indicators import evaluate_targets

    plan = "western-science-city-2023"
    # the Science City's own series: the provinces it lies in would only be shown as context
    add_observations(store, region="zone:western-science-city", values={2020: 100.0, 2021: 120.0, 2022: 140.0,
                                                                        2023: 170.0})
    card = build_scorecard(store, plan, AS_OF)
    entry = next(e for e in card["items"] if e["item"] == f"{plan}:2")
    judged = {a.indicator: a.status for a in evaluate_targets(store, plan_id=plan, as_of=2025)}
    listed = {r["indicator"]: r["status"] for r in entry["reasons"] if r["kind"] == "target"}
    assert listed == judged
    scores = {"achieved": 100, "on_track": 80, "acceleration_needed": 50, "limited_progress": 25, "deterioration": 0}
    scored = [scores[s] for s in judged.values() if s in scores]
    assert scored, judged  # the turnover growth target can be judged on these data
    assert entry["indicators"]["target_status"]["value"] == pytest.approx(sum(scored) / len(scored))
    other = next(e for e in card["items"] if e["item"] == f"{plan}:3")  # no targets of its own
    assert "target_status" not in other["indicators"]


def test_an_event_reported_twice_counts_its_amount_once(store):
    add_document(store, 1, links={"1.1": ("confirmed", 0.9)}, amount=4e8, event="ev-same")
    add_document(store, 2, links={"1.1": ("proposed", 0.8)}, amount=4e8, event="ev-same")
    add_document(store, 3, links={"1.1": ("proposed", 0.8)}, amount=6e8)
    entry = items_of(build_scorecard(store, PLAN, AS_OF))["1.1"]
    summary = next(r for r in entry["reasons"] if r["kind"] == "evidence")
    assert summary["documents"] == 3 and summary["amount_yuan"] == 1e9
    assert entry["indicators"]["ev_amount"]["value"] == pytest.approx(9.0)
    assert entry["indicators"]["ev_confirmed_share"]["value"] == pytest.approx(1 / 3, abs=1e-4)


def test_without_any_document_the_evidence_pillar_is_missing_not_zero(store):
    add_observations(store)
    add_update(store, "1.1", "delayed")
    entry = items_of(build_scorecard(store, PLAN, AS_OF))["1.1"]
    assert entry["pillars"]["evidence"] is None
    assert not any(code.startswith("ev_") for code in entry["indicators"])
    assert entry["pillars"]["progress"] == 25.0
    assert min(entry["pillars"]["progress"], entry["pillars"]["outcomes"]) <= entry["score"] <= max(
        entry["pillars"]["progress"], entry["pillars"]["outcomes"])


@pytest.mark.parametrize("lang, words", [
    ("zh", ["文档1篇", "结对1对", "推进中（2024）", "技术合同成交额 +18.6%/年"]),
    ("en", ["1 document;", "1 pairing;", "in progress (2024)", "tech contract turnover +18.6%/yr"])])
def test_the_reasons_in_brief_read_in_the_readers_language(store, lang, words):
    from coopwatch.evaluate.scorecard import summary

    add_observations(store)
    add_document(store, 7, links={"1.1": ("confirmed", 0.8)}, amount=2.5e8)
    add_update(store, "1.1", "in_progress", period="2024")
    line = summary(items_of(build_scorecard(store, PLAN, AS_OF))["1.1"], lang)
    assert all(w in line for w in words), line
    assert "technology_contract_turnover" not in line and "in_progress" not in line
