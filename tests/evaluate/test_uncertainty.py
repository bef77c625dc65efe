"""Uncertainty and sensitivity: output shape, determinism, refusals, and the fast path equal to
rebuilding the index run by run."""

from __future__ import annotations

import numpy as np
import pytest

from coopwatch.errors import InputError
from coopwatch.evaluate.uncertainty import Analysis, run_uncertainty

from .small import small_index


def test_output_has_one_row_per_unit_and_the_contract_keys(asem):
    res = run_uncertainty(asem, 200, seed=7)
    out = res.to_dict()
    assert out["runs"] == 200 and out["seed"] == 7 and out["sensitivity"] == []
    assert len(out["units"]) == 51
    assert set(out["units"][0]) == {"code", "nominal_rank", "median_rank", "mean_rank", "p5_rank", "p95_rank"}
    assert res.ranks.shape == (200, 51)
    for u in out["units"]:
        assert 1 <= u["p5_rank"] <= u["median_rank"] <= u["p95_rank"] <= 51
    che = next(u for u in out["units"] if u["code"] == "CHE")
    assert che["nominal_rank"] == 1


def test_same_seed_same_output_and_another_seed_differs(asem):
    a = run_uncertainty(asem, 300, seed=11).to_dict()
    b = run_uncertainty(asem, 300, seed=11).to_dict()
    c = run_uncertainty(asem, 300, seed=12).to_dict()
    assert a == b
    assert a != c


@pytest.mark.parametrize("seed", [1, 2])
def test_vectorised_runs_equal_rebuilding_the_index_run_by_run(asem, seed):
    analysis = Analysis(asem)
    design = analysis.random_design(6, seed)
    fast = analysis.ranks(design)
    for r in range(6):
        assert np.array_equal(fast[r], analysis.rebuild_run(design, r)), f"run {r}: {design.choices[r]}"
    assert len({tuple(row) for row in design.choices.tolist()}) > 1      # several discrete alternatives met


def test_fast_path_equals_rebuild_for_copeland_harmonic_and_level_one_noise(asem):
    spec = {"normalise": [{"method": "minmax", "range": [1, 100]}, {"method": "rank"}],
            "aggregate": [["amean", "copeland", "amean"], "hmean", {"method": "pmean", "p": 0.5}],
            "weights": {"noise": 0.4, "levels": [1, 2]}}
    analysis = Analysis(asem, spec)
    design = analysis.random_design(8, 5)
    fast = analysis.ranks(design)
    for r in range(8):
        assert np.array_equal(fast[r], analysis.rebuild_run(design, r)), f"run {r}: {design.choices[r]}"


def test_sensitivity_gives_sobol_indices_with_intervals_for_every_input(asem):
    res = run_uncertainty(asem, 600, seed=3, sensitivity=True)
    sens = res.to_dict()["sensitivity"]
    assert [s["input"] for s in sens] == ["treat.winmax", "normalise", "weights", "aggregate"]
    for s in sens:
        assert s["Si_ci"][0] <= s["Si"] <= s["Si_ci"][1]
        assert s["STi_ci"][0] <= s["STi"] <= s["STi_ci"][1]
    total = {s["input"]: s["STi"] for s in sens}
    # switching arithmetic/geometric means moves ranks far more than one winsorised point
    assert total["aggregate"] > total["treat.winmax"]
    again = run_uncertainty(asem, 600, seed=3, sensitivity=True).to_dict()["sensitivity"]
    assert again == sens


def test_geometric_mean_with_a_zero_based_range_is_refused_before_any_run(asem):
    spec = {"normalise": [{"method": "minmax", "range": [0, 100]}], "aggregate": ["amean", "gmean"]}
    with pytest.raises(InputError, match=r"impossible combination \(normalise=.*aggregate=gmean\).*values <= 0"):
        run_uncertainty(asem, 10, seed=1, spec=spec)


def test_geometric_mean_with_zscores_is_refused(tmp_path):
    ix = small_index(tmp_path)
    spec = {"normalise": [{"method": "zscore"}], "aggregate": ["gmean"]}
    with pytest.raises(InputError, match="gmean at level 1 needs values > 0"):
        run_uncertainty(ix, 10, seed=1, spec=spec)


def test_unknown_icodes_steps_and_levels_are_refused(asem):
    with pytest.raises(InputError, match="unknown iCode"):
        run_uncertainty(asem, 10, spec={"weights": [{"Nope": 1}]})
    with pytest.raises(InputError, match="'normalize' is not a step"):
        run_uncertainty(asem, 10, spec={"normalize": [{"method": "rank"}]})
    with pytest.raises(InputError, match="levels: level"):
        run_uncertainty(asem, 10, spec={"weights": {"noise": 0.1, "levels": [4]}})
    with pytest.raises(InputError, match="noise must be in"):
        run_uncertainty(asem, 10, spec={"weights": {"noise": 1.5, "levels": [1]}})


@pytest.mark.parametrize("weights", [{"noise": "x"}, {"noise": 0.1, "levels": ["a"]}, {"noise": {"x": 1}},
                                     {"noise": 0.1, "levels": 2}])
def test_weight_noise_that_is_not_numbers_is_refused_by_name(asem, weights):
    with pytest.raises(InputError, match=r"^uncertainty\.weights: give \{noise: f"):
        run_uncertainty(asem, 10, spec={"weights": weights})


@pytest.mark.parametrize("change,message", [
    ({"treat": {"winmax": "abc"}}, r"^steps\.treat: parameters \{'winmax': 'abc'.* cannot be used \(invalid literal"),
    ({"screen": {"min_availability": "x"}}, r"^steps\.screen: parameters"),
    ({"aggregate": {"method": 3}}, r"^steps\.aggregate: parameters"),
    ({"weights": {"pca": "x"}}, r"^weights\.pca: give \{level: L\}"),
])
def test_step_parameters_of_the_wrong_kind_are_refused_by_name(asem, change, message):
    with pytest.raises(InputError, match=message):
        asem.rebuild(change)


def test_an_unknown_step_parameter_is_a_typo_refused_with_the_nearest_name(asem):
    from coopwatch.evaluate import spec_from_dict

    with pytest.raises(InputError, match=r"^spec: steps\.treat\.winmux: unknown parameter; did you mean winmax\?"):
        spec_from_dict({"data": {"units": "u.csv"}, "meta": "m.csv", "steps": {"treat": {"winmux": 1}}})
    with pytest.raises(InputError, match=r"^rebuild: steps\.normalise\.rnage: unknown parameter; did you mean range\?"):
        asem.rebuild({"normalise": {"method": "minmax", "rnage": [1, 10]}})
    with pytest.raises(InputError, match=r"^uncertainty\.treat\.winmux: unknown parameter of step treat; did you mean winmax\?"):
        run_uncertainty(asem, 10, spec={"treat.winmux": [1, 2]})


def test_a_power_mean_given_for_every_level_uses_its_p(asem):
    power = asem.rebuild({"aggregate": {"method": "pmean", "p": 0.5}}).scores
    per_level = asem.rebuild({"aggregate": {"method": [{"method": "pmean", "p": 0.5}] * 3}}).scores
    arithmetic = asem.rebuild({"aggregate": {"method": "amean"}}).scores
    assert np.allclose(power.to_numpy(), per_level.to_numpy())
    assert (power["Index"] < arithmetic["Index"]).all()  # p < 1: below the arithmetic mean


def test_weight_noise_alone_spreads_ranks_around_the_nominal(asem):
    res = run_uncertainty(asem, 300, seed=0, spec={"weights": {"noise": 0.5, "levels": [2]}})
    assert len(np.unique(res.ranks, axis=0)) > 1   # the weights do move some ranks
    table = res.summary()
    assert (table["p5_rank"] <= table["nominal_rank"]).all() and (table["nominal_rank"] <= table["p95_rank"]).all()


def test_discrete_weight_sets_fast_path_equals_rebuild(asem):
    analysis = Analysis(asem, {"weights": ["original", {"pca": {"level": 1}}], "treat.winmax": [2, 5]})
    design = analysis.random_design(6, 9)
    fast = analysis.ranks(design)
    for r in range(6):
        assert np.array_equal(fast[r], analysis.rebuild_run(design, r))
    assert set(design.choices[:, 0].tolist()) == {0, 1}


def test_runs_on_a_dask_cluster_give_the_single_process_result(asem):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=False, threads_per_worker=1, dashboard_address=":0") as cluster:
        remote = run_uncertainty(asem, 120, seed=5, scheduler=cluster.scheduler_address)
    local = run_uncertainty(asem, 120, seed=5)
    assert np.array_equal(remote.ranks, local.ranks)


def test_weight_noise_per_level_stays_within_each_levels_band(asem):
    analysis = Analysis(asem, {"weights": {"noise": {1: 0.1, 3: 0.5}}, "treat.winmax": [5]})
    mult = analysis.random_design(400, 3).multipliers
    level = np.array([asem.framework.nodes[c].level for c in analysis.nodes])
    assert np.abs(mult[:, level == 1] - 1).max() <= 0.1 and np.abs(mult[:, level == 1] - 1).max() > 0.09
    assert (mult[:, level == 2] == 1).all()
    assert np.abs(mult[:, level == 3] - 1).max() > 0.4


def test_screening_alternatives_rank_the_units_each_run_keeps(tmp_path):
    from .small import DATA

    data = DATA.copy()
    data.loc[0, ["i1", "i2"]] = np.nan                      # A has one indicator of three
    ix = small_index(tmp_path, {"screen": {"min_availability": 0.5}, "normalise": {"method": "minmax"}}, data=data)
    assert "A" not in ix.scores.index
    analysis = Analysis(ix, {"screen.min_availability": [0.5, 0.2]})
    design = analysis.random_design(8, 1)
    fast = analysis.ranks(design)
    assert fast.shape == (8, 3)
    for r in range(8):
        assert np.array_equal(fast[r], analysis.rebuild_run(design, r))
    assert set(design.choices[:, 0].tolist()) == {0, 1}
