"""The Index object: stages, log, rebuild, compare, weights, and refusing bad specs."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from coopwatch.errors import InputError
from coopwatch.evaluate import Index, compare, load_spec, spec_from_dict

from .small import small_index, write_small


def test_every_stage_is_kept_and_every_step_logged_with_its_arguments(asem):
    assert list(asem.data) == ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]
    steps = [entry["step"] for entry in asem.log]
    assert steps == ["denominate", "impute", "screen", "treat", "normalise", "weights", "aggregate"]
    assert asem.log[1]["args"] == {"method": "mean", "by_group": "EurAsia_group"}
    assert asem.log[1]["imputed"] > 0 and asem.log[1]["still_missing"] == 0


def test_rebuild_returns_a_new_index_and_leaves_the_original_alone(asem):
    before = asem.scores["Index"].copy()
    z = asem.rebuild({"normalise": {"method": "zscore"}})
    assert z is not asem
    assert z.spec.steps["normalise"] == {"method": "zscore"}          # minmax's range is dropped
    assert asem.spec.steps["normalise"] == {"method": "minmax", "range": [0, 100]}
    assert (asem.scores["Index"] == before).all()
    assert abs(z.data["Normalised"]["LPI"].mean()) < 1e-9
    # unchanged steps reproduce the same stages
    assert z.data["Treated"].equals(asem.data["Treated"])


def test_rebuild_with_equal_weights_changes_scores_only_where_weights_differ(tmp_path):
    ix = small_index(tmp_path)
    eq = ix.rebuild({"weights": "equal"})
    assert (eq.data["Aggregated"]["P1"] == ix.data["Aggregated"]["P1"]).all()   # i1, i2 already equal
    agg = eq.data["Aggregated"]
    assert agg["IDX"].tolist() == pytest.approx(((agg["P1"] + agg["P2"]) / 2).tolist())


def test_compare_reports_rank_changes_unit_by_unit(asem):
    geo = asem.rebuild({"normalise": {"method": "minmax", "range": [1, 100]}, "aggregate": {"method": "gmean"}})
    table = compare(asem, geo)
    assert len(table) == len(asem.scores)
    assert (table["rank_change"] == table["rank_b"] - table["rank_a"]).all()
    assert table["abs_rank_change"].sum() > 0
    same = compare(asem, asem.rebuild({}))
    assert (same["rank_change"] == 0).all()


def test_explicit_and_pca_weights_and_effective_weights(tmp_path):
    ix = small_index(tmp_path, weights={"i3": 5, "P2": 1})
    assert ix.weights["i3"] == 5 and ix.weights["P2"] == 1 and ix.weights["i1"] == 1
    eff = ix.details["weights"]["effective"]
    assert sum(eff[i] for i in ("i1", "i2", "i3")) == pytest.approx(1.0)
    assert eff["i1"] == pytest.approx(0.25)                             # 1/2 within P1, 1/2 of the index
    pca = small_index(tmp_path, weights={"pca": {"level": 1}})
    assert pca.weights["i1"] >= 0 and pca.weights["i2"] >= 0
    assert pca.weights["i1"] + pca.weights["i2"] == pytest.approx(1.0)


def test_asem_pca_weights_are_non_negative_and_sum_to_one_per_pillar(asem):
    pca = asem.rebuild({"weights": {"pca": {"level": 1}}})
    for pillar in asem.framework.codes_at(2):
        kids = asem.framework.children(pillar)
        w = np.array([pca.weights[k] for k in kids])
        assert (w >= 0).all() and w.sum() == pytest.approx(1.0)


def test_aggregation_method_per_level(asem):
    mixed = asem.rebuild({"normalise": {"method": "minmax", "range": [1, 100]},
                          "aggregate": {"method": ["amean", "gmean", "hmean"]}})
    agg = mixed.data["Aggregated"]
    w = np.ones(2)
    conn, sust = agg["Conn"], agg["Sust"]
    assert agg["Index"].tolist() == pytest.approx((w.sum() / (1 / conn + 1 / sust)).tolist())
    assert mixed.details["aggregate"]["methods"][1] == {"method": "gmean"}


def test_geometric_mean_over_values_at_zero_is_refused_naming_the_indicators(asem):
    with pytest.raises(InputError, match=r"gmean at level 1 needs values > 0 but .*LPI"):
        asem.rebuild({"aggregate": {"method": "gmean"}})


def test_unknown_icode_in_weights_is_refused(asem):
    with pytest.raises(InputError, match="weights: unknown iCode.*Nope"):
        asem.rebuild({"weights": {"Nope": 2}})


def test_spec_errors_name_the_file_and_the_field(tmp_path):
    write_small(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"data": {"units": "data.csv"}, "meta": "meta.csv",
                                   "steps": {"normalize": {}}}))
    with pytest.raises(InputError, match=r"bad.yaml: steps.normalize: unknown step; did you mean normalise\?"):
        load_spec(bad)
    with pytest.raises(InputError, match="method 'minimax' is not one of"):
        Index.from_spec(spec_from_dict({"data": {"units": "data.csv"}, "meta": "meta.csv",
                                        "steps": {"normalise": {"method": "minimax"}}}, base=tmp_path))
    with pytest.raises(InputError, match="missing.csv: cannot read"):
        Index.from_spec(spec_from_dict({"data": {"units": "missing.csv"}, "meta": "meta.csv"}, base=tmp_path))
    with pytest.raises(InputError, match="rebuild: 'normalize' is not a step"):
        small_index(tmp_path).rebuild({"normalize": {}})


def test_meta_with_a_dangling_parent_is_refused(tmp_path):
    from .small import META

    meta = META.copy()
    meta.loc[0, "Parent"] = "P9"
    with pytest.raises(InputError, match="parent 'P9' of i1 is not an iCode"):
        small_index(tmp_path, meta=meta)


def test_spec_paths_resolve_next_to_the_spec_or_absolute(tmp_path, asem_dir):
    spec = tmp_path / "asem.yaml"
    spec.write_text(yaml.safe_dump({"data": {"units": str(asem_dir / "ASEM_iData.csv")},
                                    "meta": str(asem_dir / "ASEM_iMeta.csv"),
                                    "steps": {"normalise": {"method": "minmax"}}}))
    ix = Index.from_spec(spec)
    assert len(ix.scores) == 51


def test_json_output_follows_the_contract(asem, asem_dir):
    import pandas as pd

    coinr = pd.read_csv(asem_dir / "expected" / "variant_nominal.csv").set_index("uCode")
    best = coinr["Rank"].idxmin()
    out = asem.to_dict()
    assert set(out) == {"units", "treated", "log"}
    first = out["units"][0]
    assert first["code"] == best and first["ranks"]["Index"] == 1
    assert first["scores"]["Index"] == pytest.approx(coinr.at[best, "Index"], abs=1e-6)
    assert set(first["scores"]) == set(first["ranks"]) == set(asem.framework.aggregates())
    ranks = [u["ranks"]["Index"] for u in out["units"]]
    assert ranks == sorted(ranks)
    forport = next(t for t in out["treated"] if t["indicator"] == "ForPort")
    assert forport == {"indicator": "ForPort", "winsorised": 3, "transform": None}


def test_rebuild_sharing_unchanged_stages_equals_a_full_replay(asem):
    changes = {"treat": {"winmax": 2}, "weights": "equal"}
    shared = asem.rebuild(changes)
    full = asem.rebuild(changes, reuse=False)
    assert shared.data["Imputed"] is asem.data["Imputed"]            # before the first change: shared
    assert full.data["Imputed"] is not asem.data["Imputed"]
    for stage in full.data:
        assert shared.data[stage].equals(full.data[stage]), stage
    assert shared.log == full.log


def test_panel_normalisation_without_panel_data_is_refused(asem):
    with pytest.raises(InputError, match="normalise.panel needs observations over several years"):
        asem.rebuild({"normalise": {"panel": "pooled"}})


def test_text_in_an_indicator_column_is_refused_naming_unit_and_indicator(tmp_path):
    from .small import DATA

    data = DATA.copy().astype({"i2": object})
    data.loc[2, "i2"] = "n/a?"
    with pytest.raises(InputError, match=r"data.csv: i2 of unit C is not a number \('n/a\?'\)"):
        small_index(tmp_path, data=data)


def test_the_weights_log_entry_reports_effective_weights(asem):
    entry = next(e for e in asem.log if e["step"] == "weights")
    eff = entry["effective"]
    assert sum(eff[i] for i in asem.framework.indicators) == pytest.approx(1.0)
    # LPI: 1 of 8 indicators in Physical, 1 of 5 pillars in Conn, 1 of 2 sub-indices
    assert eff["LPI"] == pytest.approx(1 / 8 * 1 / 5 * 1 / 2)
