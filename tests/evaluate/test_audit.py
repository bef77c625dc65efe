"""The statistical audit on ASEM: COINr's get_corr_flags, get_cronbach and the effective weights
recomputed here from their formulas (COINr R/correlations.R and R/analyse.R), the removal of an
indicator against a build without it, and findings in both languages."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from coopwatch.evaluate import Index, spec_from_dict
from coopwatch.evaluate.audit import run_audit


@pytest.fixture(scope="module")
def audit(asem):
    return run_audit(asem, runs=300, seed=3)


@pytest.fixture(scope="module")
def meta(asem_dir):
    m = pd.read_csv(asem_dir / "ASEM_iMeta.csv")
    return m[m["Type"].isin(["Indicator", "Aggregate"])]


def coinr_corr_flags(normalised: pd.DataFrame, meta: pd.DataFrame, thresh: float, kind: str) -> set:
    """get_corr_flags(coin, "Normalised", cor_thresh, thresh_type, grouplev = 2): Pearson
    correlations (pairwise complete) of indicator pairs with the same level-2 parent, each
    pair once, kept above (high) or below (low) the threshold."""
    inds = meta[meta["Level"] == 1]
    corr = normalised[list(inds["iCode"])].corr(method="pearson")
    parent = dict(zip(inds["iCode"], inds["Parent"]))
    out = set()
    codes = list(inds["iCode"])
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            r = corr.at[a, b]
            if parent[a] == parent[b] and ((r > thresh) if kind == "high" else (r < thresh)):
                out.add((parent[a], a, b, round(float(r), 3)))
    return out


def test_correlation_flags_are_coinr_get_corr_flags(asem, audit, meta):
    got = audit.correlation_flags
    level1 = got[got["a"].isin(asem.framework.indicators)]
    high = {(r.parent, r.a, r.b, round(r.corr, 3)) for r in level1.itertuples() if r.flag == "collinear"}
    low = {(r.parent, r.a, r.b, round(r.corr, 3)) for r in level1.itertuples() if r.flag == "negative"}
    assert high == coinr_corr_flags(asem.data["Normalised"], meta, 0.9, "high")
    assert low == coinr_corr_flags(asem.data["Normalised"], meta, -0.4, "low")
    assert len(low) >= 5   # ASEM's Institutional pillar holds opposed indicators (TBTs)


def test_cronbach_alpha_is_coinr_get_cronbach_per_aggregate(asem, audit, meta):
    data = asem.data["Normalised"].join(asem.data["Aggregated"][asem.framework.aggregates()])
    for code, row in audit.groups.iterrows():
        kids = list(meta.loc[meta["Parent"] == code, "iCode"])
        cv = data[kids].cov().to_numpy()          # stats::cov(use = "pairwise.complete.obs")
        k = len(kids)
        sigav = (cv.sum() - np.trace(cv)) / (k * (k - 1))
        assert row["alpha"] == pytest.approx(k**2 * sigav / cv.sum(), abs=1e-12), code
    # with complete data the textbook formula gives the same
    x = asem.data["Normalised"][list(meta.loc[meta["Parent"] == "P2P", "iCode"])]
    k = x.shape[1]
    textbook = k / (k - 1) * (1 - x.var().sum() / x.sum(axis=1).var())
    assert audit.groups.at["P2P", "alpha"] == pytest.approx(textbook, abs=1e-12)


def test_effective_weights_are_squared_correlations_against_nominal_shares(asem, audit, meta):
    data = asem.data["Normalised"].join(asem.data["Aggregated"][asem.framework.aggregates()])
    for parent in ["Physical", "Conn", "Index"]:
        kids = meta[meta["Parent"] == parent]
        r2 = np.array([np.corrcoef(data[k], data[parent])[0, 1] ** 2 for k in kids["iCode"]])
        nominal = kids["Weight"].to_numpy(float) / kids["Weight"].sum()
        got = audit.weights.loc[list(kids["iCode"])]
        assert np.allclose(got["explained"], r2, atol=1e-12)
        assert np.allclose(got["effective_share"], r2 / r2.sum(), atol=1e-12)
        assert np.allclose(got["ratio"], (r2 / r2.sum()) / nominal, atol=1e-12)
    # the PCA share is the largest eigenvalue of the children's correlation matrix over k
    kids = list(meta.loc[meta["Parent"] == "Physical", "iCode"])
    eig = np.linalg.eigvalsh(np.corrcoef(data[kids].to_numpy(), rowvar=False))
    assert audit.groups.at["Physical", "pc1_share"] == pytest.approx(eig.max() / len(kids))


def test_removing_an_indicator_equals_building_the_index_without_it(asem, audit, asem_dir, meta, tmp_path):
    full = pd.read_csv(asem_dir / "ASEM_iMeta.csv")
    full[full["iCode"] != "Ship"].to_csv(tmp_path / "meta.csv", index=False)
    spec = {"data": {"units": str(asem_dir / "ASEM_iData.csv")}, "meta": str(tmp_path / "meta.csv"),
            "denominators": None, "steps": dict(asem.spec.steps), "weights": "original"}
    without = Index.from_spec(spec_from_dict(spec, base=asem_dir))
    shift = (without.ranks["Index"] - asem.ranks["Index"]).abs()
    assert audit.removal.at["Ship", "mean_abs_rank_shift"] == pytest.approx(shift.mean())
    assert audit.removal.at["Ship", "max_abs_rank_shift"] == shift.max()
    assert {"Conn", "Sust", "Physical"} <= set(audit.removal.index)


def test_findings_say_what_to_consider_in_both_languages_and_the_audit_is_json(audit):
    topics = {f["topic"] for f in audit.findings}
    assert {"trade-off", "consistency", "effective weight", "removal", "sensitivity"} <= topics
    forest = next(f for f in audit.findings if f["topic"] == "effective weight" and f["code"] == "Forest")
    assert "Forest explains 1% of Environ" in forest["en"] and "weight is 20%" in forest["en"]
    assert "权重为 20%" in forest["zh"]
    for f in audit.findings:
        assert f["en"] and f["zh"]
        assert any(word in f["en"] for word in ("Consider", "Check", "within bounds")), f["en"]
    out = json.loads(json.dumps(audit.to_dict()))
    assert out["units"] == 51 and out["indicators"] == 49
    assert {s["input"] for s in out["sensitivity"]} == {"treat.winmax", "normalise", "weights", "aggregate"}
    assert len(out["groups"]) == 11 and out["statistics"][0]["iCode"] == "LPI"
