"""The statistical audit of a built index (what the JRC audit of the Global Innovation Index
does, on any spec), as plain data for the CLI, API, dashboard and report:

- indicator statistics with flags (`analysis.statistics` on the raw data: availability,
  non-zero and unique shares, skew and kurtosis) and the collinear pairs of each indicator;
- correlations within each level (COINr `get_corr_flags`: pairs under the same parent above
  0.9 or below -0.4) and of each node with its parent and with the index;
- Cronbach's alpha of the children of each aggregate (COINr `get_cronbach`);
- PCA of the children of each aggregate: the share of variance of the first component;
- effective vs nominal weights: the share of its parent's variance each child explains, the
  Pearson correlation ratio eta^2 = V(E[y | x]) / V(y), estimated linearly as r^2(x, y)
  (Paruolo, Saisana and Saltelli 2013), normalised over the siblings and divided by the
  child's share of the nominal weight (1 = the child weighs what its weight says);
- the effect of removing each indicator and each aggregate (its weight set to 0, the
  others renormalised) on the index ranks: mean and largest absolute rank shift;
- the Sobol sensitivity indices of the spec's uncertainty inputs, when it has any.

Each finding says what was seen, what it means and what to consider, in zh and en.
Children at level 1 are the normalised indicators; higher children are aggregate scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coopwatch.evaluate.analysis import correlation_flags, correlations_up, cronbach_alpha, pca, statistics
from coopwatch.evaluate.index import Index, compare
from coopwatch.evaluate.steps.treat import passes

ALPHA_MIN = 0.7          # Cronbach's alpha below this: the group is not internally consistent
PC1_MIN = 0.5            # first principal component below this share: not one-dimensional
WEIGHT_RATIO = (0.5, 2.0)  # effective / nominal weight outside this band: the weight misleads
REMOVAL_TOP = 3          # removals reported per level (the largest rank shifts)


@dataclass
class Audit:
    index: Index
    statistics: pd.DataFrame
    correlation_flags: pd.DataFrame
    correlations_up: pd.DataFrame
    groups: pd.DataFrame          # per aggregate: k, Cronbach's alpha, PC1 share
    weights: pd.DataFrame         # per node: nominal share, r^2, effective share, ratio
    removal: pd.DataFrame         # per node: mean / max absolute rank shift when removed
    sensitivity: list[dict] | None = None
    findings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `coopwatch index audit --json`."""
        fw = self.index.framework
        return {"index": fw.nodes[fw.index_code].name, "units": len(self.index.scores),
                "indicators": len(fw.indicators),
                "statistics": _records(self.statistics, "iCode"),
                "correlation_flags": _records(self.correlation_flags),
                "correlations_up": _records(self.correlations_up, "iCode"),
                "groups": _records(self.groups, "aggregate"),
                "weights": _records(self.weights, "iCode"),
                "removal": _records(self.removal, "iCode"),
                "sensitivity": self.sensitivity,
                "findings": self.findings}


def run_audit(index: Index, runs: int = 1000, seed: int = 0, sensitivity: bool = True) -> Audit:
    """Audit `index`; the sensitivity indices use `runs` runs of the spec's uncertainty
    section (left out when the spec has none or `sensitivity` is false)."""
    fw = index.framework
    stats = statistics(index.data["Raw"][fw.indicators])
    flags = pd.concat([correlation_flags(index, level=level) for level in range(1, fw.n_levels - 1)],
                      ignore_index=True)
    result = Audit(index, stats, flags, correlations_up(index), group_statistics(index),
                   weight_effectiveness(index), removal_effects(index))
    if sensitivity and index.spec.uncertainty:
        from coopwatch.evaluate.uncertainty import run_uncertainty

        result.sensitivity = run_uncertainty(index, runs, seed, sensitivity=True).sensitivity
    result.findings = findings(result)
    return result


def children_data(index: Index) -> pd.DataFrame:
    """Every node's column: normalised indicators and aggregate scores."""
    fw = index.framework
    return index.aggregation_input[fw.indicators].join(index.data["Aggregated"][fw.aggregates()])


def families(index: Index):
    """(aggregate, its children, every node's column) for each aggregate, lowest level first."""
    data = children_data(index)
    for code in index.framework.aggregates():
        yield code, index.framework.children(code), data


def group_statistics(index: Index) -> pd.DataFrame:
    fw = index.framework
    rows = []
    for code, kids, data in families(index):
        row = {"aggregate": code, "level": fw.nodes[code].level, "k": len(kids),
               "alpha": float("nan"), "pc1_share": float("nan")}
        if len(kids) >= 2:
            row["alpha"] = cronbach_alpha(data[kids])
            row["pc1_share"] = float(pca(data[kids])["variance_share"].iloc[0])
        rows.append(row)
    return pd.DataFrame(rows).set_index("aggregate")


def weight_effectiveness(index: Index) -> pd.DataFrame:
    fw = index.framework
    rows = []
    for code, kids, data in families(index):
        w = np.array([index.weights[k] for k in kids], dtype=float)
        r2 = np.array([data[k].corr(data[code]) ** 2 for k in kids])
        nominal = w / w.sum() if w.sum() else np.full(len(kids), np.nan)
        effective = r2 / np.nansum(r2) if np.nansum(r2) else np.full(len(kids), np.nan)
        for k, n, e, r in zip(kids, nominal, effective, r2):
            rows.append({"iCode": k, "parent": code, "level": fw.nodes[k].level, "nominal_share": n,
                         "explained": r, "effective_share": e,
                         "ratio": e / n if n > 0 else float("nan")})
    return pd.DataFrame(rows).set_index("iCode")


def removal_effects(index: Index) -> pd.DataFrame:
    """Rebuild without each node (weight 0) and compare the index ranks with the nominal ones.
    Only the weights and aggregation are recomputed: earlier stages are shared."""
    fw = index.framework
    rows = []
    for code, node in fw.nodes.items():
        if node.parent is None or len(fw.children(node.parent)) < 2:
            continue  # removing an only child removes its parent: measured at the parent
        without = index.rebuild({"weights": {**index.weights, code: 0.0}})
        shift = compare(index, without)["abs_rank_change"].dropna()
        rows.append({"iCode": code, "level": node.level, "mean_abs_rank_shift": float(shift.mean()),
                     "max_abs_rank_shift": float(shift.max())})
    return pd.DataFrame(rows, columns=["iCode", "level", "mean_abs_rank_shift", "max_abs_rank_shift"]).set_index("iCode")


# --- findings ---------------------------------------------------------------------------

def _finding(topic: str, code: str, severity: str, value, en: str, zh: str) -> dict:
    return {"topic": topic, "code": code, "severity": severity, "value": _num(value), "en": en, "zh": zh}


def findings(a: Audit) -> list[dict]:
    fw = a.index.framework
    name = {c: n.name for c, n in fw.nodes.items()}
    treated = {t["indicator"] for t in a.index.details.get("treat", {}).get("treated", [])}
    out = []
    for code, row in a.statistics.iterrows():
        if row["Flag.Avail"] == "LOW":
            share = row["Frc.Avail"]
            out.append(_finding("availability", code, "warning", share,
                                f"{code} has data for {share:.0%} of the units: imputation, not data, sets "
                                "the others' scores. Consider finding data or dropping it.",
                                f"{code} 仅 {share:.0%} 的单元有数据：其余单元的得分由插补决定而非数据。"
                                "建议补充数据或剔除该指标。"))
        if row["Flag.SkewKurt"] == "OUT":
            # judged again on the values the index aggregates: denominating or treating may
            # already have brought the indicator within bounds
            done = code in treated or passes(a.index.aggregation_input[code].to_numpy(float), 2.0, 3.5)[0]
            out.append(_finding("outliers", code, "note" if done else "warning", row["Skew"],
                                f"{code} is heavily skewed (skew {row['Skew']:.1f}, kurtosis {row['Kurt']:.1f}): "
                                "a few units stretch its scale. "
                                + ("The index's steps bring it within bounds." if done else
                                   "It still is after the index's steps: consider winsorising or a log "
                                   "transform."),
                                f"{code} 分布严重偏斜（偏度 {row['Skew']:.1f}，峰度 {row['Kurt']:.1f}）：少数单元拉长了"
                                "其尺度。" + ("指数的处理步骤已使其回到合理范围。" if done else "经指数的处理步骤后仍然偏斜：建议缩尾处理或取对数。")))
        if row["Flag.Unique"] == "LOW" or row["Flag.NonZero"] == "LOW":
            out.append(_finding("variation", code, "note", row["Frc.Unique"],
                                f"{code} takes few distinct or non-zero values: it separates units poorly. "
                                "Consider whether it belongs in the index.",
                                f"{code} 取值种类少或多为零：对单元的区分度低。建议考虑是否保留该指标。"))
    for _, row in a.correlation_flags.iterrows():
        pair, r, group = f"{row['a']}/{row['b']}", row["corr"], row["parent"]
        if row["flag"] == "collinear":
            out.append(_finding("collinearity", pair, "warning", r,
                                f"{row['a']} and {row['b']} correlate at {r:.2f} within {group}: they may count "
                                "the same thing twice. Consider merging them or sharing one weight.",
                                f"{row['a']} 与 {row['b']} 在 {group} 内相关系数为 {r:.2f}：可能重复计算同一内容。"
                                "建议合并两者或共用一个权重。"))
        else:
            out.append(_finding("trade-off", pair, "note", r,
                                f"{row['a']} and {row['b']} correlate negatively ({r:.2f}) within {group}: a "
                                "high score on one offsets a low one on the other. Consider whether that "
                                "compensation is intended.",
                                f"{row['a']} 与 {row['b']} 在 {group} 内负相关（{r:.2f}）：一项高分会抵消另一项低分。"
                                "请确认这种补偿是否符合设计意图。"))
    for code, row in a.correlations_up.iterrows():
        if row["flag"] != "ok":
            r, parent = row["corr_parent"], row["parent"]
            out.append(_finding("weak link", code, "warning", r,
                                f"{code} correlates {'negatively' if r < 0 else 'weakly'} ({r:.2f}) with its "
                                f"parent {parent}: it moves apart from what {parent} measures. Consider its "
                                "direction, its place in the framework or dropping it.",
                                f"{code} 与上级 {parent} 的相关系数仅 {r:.2f}：与 {parent} 的测度方向不一致。"
                                "建议检查其方向、在框架中的位置，或剔除。"))
    for code, row in a.groups.iterrows():
        if row["k"] >= 2 and row["alpha"] < ALPHA_MIN:
            out.append(_finding("consistency", code, "warning", row["alpha"],
                                f"the {row['k']:.0f} children of {_named(code, name)} are not internally "
                                f"consistent (Cronbach's alpha {row['alpha']:.2f} < {ALPHA_MIN}): {code} "
                                "may measure several things. Consider splitting it.",
                                f"{_named(code, name)} 的 {row['k']:.0f} 个下级指标内部一致性不足（Cronbach α "
                                f"{row['alpha']:.2f} < {ALPHA_MIN}）：可能测度了多个方面。建议拆分。"))
        if row["k"] >= 3 and row["pc1_share"] < PC1_MIN:
            out.append(_finding("dimensionality", code, "note", row["pc1_share"],
                                f"the first principal component of {code} explains {row['pc1_share']:.0%} of "
                                f"its children's variance: {code} is not one-dimensional. Consider "
                                "sub-groups.",
                                f"{code} 的第一主成分仅解释下级指标方差的 {row['pc1_share']:.0%}：{code} 并非单一维度。"
                                "建议划分子维度。"))
    low, high = WEIGHT_RATIO
    for code, row in a.weights.iterrows():
        if not (low <= row["ratio"] <= high):
            out.append(_finding("effective weight", code, "warning", row["ratio"],
                                f"{code} explains {row['effective_share']:.0%} of {row['parent']} (r2 "
                                f"{row['explained']:.2f}) while its weight is {row['nominal_share']:.0%}: its "
                                f"influence {'falls short of' if row['ratio'] < low else 'exceeds'} its weight. "
                                "Consider adjusting the weight or the indicator.",
                                f"{code} 解释了 {row['parent']} 的 {row['effective_share']:.0%}（r2 "
                                f"{row['explained']:.2f}），而其权重为 {row['nominal_share']:.0%}："
                                f"实际影响{'低于' if row['ratio'] < low else '高于'}名义权重。建议调整权重或指标。"))
    for level, rows in a.removal.groupby("level"):
        for code, row in rows.sort_values("mean_abs_rank_shift", ascending=False).head(REMOVAL_TOP).iterrows():
            out.append(_finding("removal", code, "note", row["mean_abs_rank_shift"],
                                f"removing {code} moves units by {row['mean_abs_rank_shift']:.1f} ranks on "
                                f"average (at most {row['max_abs_rank_shift']:.0f}): the ranks depend on "
                                "it. Check its data quality first.",
                                f"去掉 {code} 后单元排名平均变动 {row['mean_abs_rank_shift']:.1f} 位（最多 "
                                f"{row['max_abs_rank_shift']:.0f} 位）：排名依赖该项。应优先核实其数据质量。"))
    for s in a.sensitivity or []:
        out.append(_finding("sensitivity", s["input"], "note", s["STi"],
                            f"the choice of {s['input']} accounts for {max(s['STi'], 0):.0%} of the variance "
                            f"of the rank shifts (total effect; first order {max(s['Si'], 0):.0%}). "
                            "Consider justifying it, or report ranks as intervals.",
                            f"{s['input']} 的选择解释了排名变动方差的 {max(s['STi'], 0):.0%}（总效应；一阶 "
                            f"{max(s['Si'], 0):.0%}）。建议说明该选择的依据，或以区间报告排名。"))
    return out


def _named(code: str, name: dict) -> str:
    return code if name.get(code, code) == code else f"{code} ({name[code]})"


# The topics of the findings as a reader sees them (the JSON keeps the English key).
TOPIC_LABELS = {"availability": "数据可得性", "outliers": "异常值", "variation": "变异程度", "collinearity": "共线性",
                "trade-off": "此消彼长", "weak link": "弱关联", "consistency": "一致性", "dimensionality": "维度结构",
                "effective weight": "有效权重", "removal": "剔除影响", "sensitivity": "敏感性"}


def topic_label(topic: str, lang: str = "en") -> str:
    return TOPIC_LABELS.get(topic, topic) if lang == "zh" else topic


def _records(frame: pd.DataFrame, index_name: str | None = None) -> list[dict]:
    table = frame.reset_index() if index_name else frame
    return [{str(k): _num(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def _num(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(x) else float(x)
    return x
