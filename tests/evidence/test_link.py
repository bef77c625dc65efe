"""`coopwatch link`: the contract's JSON, the news-dev acceptance figures, broken files, and the
same output on two Dask workers."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from coopwatch.plans import bundled_plans
from coopwatch.cli import app
from coopwatch.evidence.analyse import link_paths

from .helpers import BROKEN, mixed_folder, observe_dask

DISTRACTORS = ["n005", "n014", "n024", "n025", "n034", "n042", "n043", "n044"]


def _by_name(result):
    from pathlib import Path

    return {Path(d["source"]).stem: d for d in result["documents"]}


def test_news_dev_meets_the_acceptance_figures_of_the_shared_scorer(news_dev_links, shared, tmp_path):
    out = tmp_path / "links.json"
    out.write_text(json.dumps(news_dev_links, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, str(shared / "tools" / "score_news.py"), str(out),
                          str(shared / "data" / "news-dev" / "gold.yaml")], capture_output=True, text=True, check=True)
    metrics = json.loads(run.stdout.rsplit("score=", 1)[0])
    assert metrics["item_acc"] >= 0.90, metrics["wrong_items"]
    assert metrics["event_pairs_f1"] >= 0.90
    assert metrics["amounts_acc"] >= 0.95
    assert metrics["language_acc"] == 1.0


def test_every_document_follows_the_link_contract(news_dev_links):
    # The folder's README and its gold file are not news: skipped and listed, not linked (issue 11).
    from coopwatch.evidence.documents import SKIPPED

    assert sorted((e["source"].rsplit("/", 1)[-1], e["error"]) for e in news_dev_links["errors"]) == [
        ("README.md", SKIPPED), ("gold.yaml", SKIPPED)]
    assert not any(d["source"].endswith("README.md") for d in news_dev_links["documents"])
    for d in news_dev_links["documents"]:
        assert {"source", "language", "item", "score", "candidates", "event", "regions", "places", "agencies",
                "domains", "amounts"} <= set(d)
        assert 0.0 <= d["score"] <= 1.0
        scores = [c["score"] for c in d["candidates"]]
        assert len(scores) <= 5 and scores == sorted(scores, reverse=True)
        assert d["item"] is None or d["item"] == d["candidates"][0]["item"]
        assert all(a["currency"] == "CNY" and a["value"] > 0 for a in d["amounts"])
        assert all(set(p) >= {"name", "code", "province"} for p in d["places"])


def test_weather_sports_tourism_stock_and_eastern_only_news_get_no_item(news_dev_links):
    docs = _by_name(news_dev_links)
    assert {n: docs[n]["item"] for n in DISTRACTORS} == {n: None for n in DISTRACTORS}


def test_reports_of_one_event_in_three_languages_share_an_event_and_another_event_does_not(news_dev_links):
    docs = _by_name(news_dev_links)
    assert docs["n003"]["event"] == docs["n030"]["event"] == docs["n041"]["event"]
    assert docs["n027"]["item"] == docs["n003"]["item"] == "eastwest-14fyp:3.2"
    assert docs["n027"]["event"] != docs["n003"]["event"]


def test_regions_come_from_places_and_skip_company_names(news_dev_links):
    docs = _by_name(news_dev_links)
    assert set(docs["n013"]["regions"]) == {"650000", "310000"}  # Xinjiang only via Zhundong/Changji
    assert "460000" not in docs["n038"]["regions"]  # 海南藏族自治州 is in Qinghai


def test_folder_with_broken_files_is_processed_to_the_end(tmp_path, news_dev):
    folder = mixed_folder(tmp_path, news_dev)
    run = CliRunner().invoke(app, ["link", str(folder), "--json"])
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert {e["source"].rsplit("/", 1)[-1] for e in result["errors"]} == BROKEN
    docs = {d["source"].rsplit("/", 1)[-1]: d for d in result["documents"]}
    assert docs["n003.txt"]["item"] == docs["n030.txt"]["item"] == "eastwest-14fyp:3.2"
    assert docs["n037-gb.txt"]["item"] == "eastwest-14fyp:1.1"
    assert docs["n010.html"]["item"] == "eastwest-14fyp:7.1"
    assert docs["ordos.pdf"]["item"] == "eastwest-14fyp:6.2"
    assert docs["ordos.pdf"]["amounts"][0]["value"] == 450_000_000
    assert docs["n014.txt"]["item"] is None and docs["n043.txt"]["item"] is None


def test_two_dask_workers_share_the_chunks_and_give_the_single_process_output(tmp_path, news_dev, monkeypatch):
    import os

    from coopwatch.evidence import analyse

    folder = mixed_folder(tmp_path, news_dev, names=("n003", "n030", "n041", "n027", "n014"))
    single = link_paths([str(folder)], bundled_plans())  # one chunk of all 12 files
    monkeypatch.setattr(analyse, "CHUNK", 2)  # 6 chunks of 2 files
    runs = observe_dask(monkeypatch)
    distributed = link_paths([str(folder)], bundled_plans(), workers=2)
    assert len(runs) == 1
    run = runs[0]
    chunks = [chunk for task in run["sent"] for chunk in task]
    assert len(chunks) == 6 and sum(map(len, chunks)) == 12 and len(run["sent"]) == 6  # a task a chunk
    assert len(run["ran"]) == len(run["sent"])  # every task ran once, on the cluster
    assert len(set(run["ran"])) == 2  # on both workers
    pids = {run["pids"][worker] for worker in run["ran"]}
    assert len(pids) == 2 and os.getpid() not in pids  # two processes, neither this one
    assert json.dumps(distributed, sort_keys=True) == json.dumps(single, sort_keys=True)


def test_an_existing_dask_scheduler_gives_the_same_output(tmp_path, news_dev, monkeypatch):
    from dask.distributed import LocalCluster

    folder = mixed_folder(tmp_path, news_dev, names=("n013", "n037"))
    single = link_paths([str(folder)], bundled_plans())
    runs = observe_dask(monkeypatch)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = link_paths([str(folder)], bundled_plans(), scheduler=cluster.scheduler_address)
        workers = set(cluster.scheduler_info["workers"])
    assert len(runs) == 1 and runs[0]["ran"] and set(runs[0]["ran"]) == workers  # analysed on that cluster
    assert json.dumps(remote, sort_keys=True) == json.dumps(single, sort_keys=True)


def test_local_dask_workers_keep_glibc_malloc_thresholds_dynamic():
    """Dask's nanny would start workers with MALLOC_TRIM_THRESHOLD_, which turns off glibc's
    dynamic mmap threshold (the per-file stages ran 1.7x slower with it); the local cluster's
    workers start without it, with one BLAS thread."""
    import os

    from coopwatch.cluster import dask_client

    def environ():
        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OPENBLAS_NUM_THREADS")

    with dask_client(1) as client:
        assert list(client.run(environ).values()) == [(None, "1")]
