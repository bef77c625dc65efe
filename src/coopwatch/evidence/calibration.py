"""Fitting the linker's and the event grouper's logistic models on labelled news.

    python -m coopwatch.evidence.calibration NEWS_DIR GOLD.yaml [--extra DIR GOLD ...] [--write]

With ``--extra`` sets (news the model has never been tuned on), a deterministic half of each
extra set's items (same-event groups kept whole, chosen by a hash of their names) joins the
training documents and the other half is held out: the held-out item accuracy and event F1 are
printed before the models are fitted on the training part (and written with --write).

Link model: a conditional logit (`linking.LinkModel`): each training document chooses its gold
item among every task and measure and "no item"; the weights of `linking.FEATURES` and the
intercept maximise the likelihood of those choices with an L2 penalty (scipy L-BFGS), so the
scores are probabilities and "no item" needs no separate threshold.

Event model: one row per candidate pair of documents (`events.candidate_pairs`), label 1 when
the gold puts both in one same-event group; scikit-learn's LogisticRegression (L2, C=10: the
features are few and bounded); threshold 0.5. The date window (`far`) is fixed, not fitted.

Ten parameters for links and seven for events: few enough for 48 documents. Before writing the
models, a leave-some-out check (6 folds of documents, models fitted without the fold) prints the
held-out item accuracy and same-event pair F1, which is what to expect on unseen wordings.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
from pathlib import Path

import numpy as np

from coopwatch.text import events as ev
from coopwatch.text import linking as lk


FAR_WEIGHT = -20.0


def load_gold(path) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _name(source: str) -> str:
    return os.path.splitext(os.path.basename(source))[0]


def prepare(news_dir: str, plans=None):
    """Analysed documents (with link features of every item) of a folder."""
    from coopwatch.evidence.documents import find_files, read_document
    from coopwatch.evidence.embeddings import embed
    from coopwatch.evidence.analyse import detect_language, document_facts
    from coopwatch.plans import bundled_plans
    from coopwatch.evidence.duplicates import content_hash

    plans = plans or bundled_plans()
    profiles = lk.item_profiles(plans)
    files, _ = find_files([news_dir])
    docs = []
    texts = [read_document(f).text for f in files]
    vectors = embed(texts)
    for f, text, vector in zip(files, texts, vectors):
        lang = detect_language(text)
        facts = document_facts(text, lang)
        docs.append({"name": _name(str(f)), "text": text, "facts": facts, "vector": vector, "hash": content_hash(text),
                     "x": lk.pair_features(facts, vector, profiles)})
    return docs, profiles


def fit_link(docs, profiles, gold_items, penalty: float = 0.3) -> lk.LinkModel:
    """Maximum likelihood of the conditional logit (each document chooses its gold item among all
    items and "no item"), with an L2 penalty on the weights (not on the intercept)."""
    from scipy.optimize import minimize

    keys = [p.key for p in profiles]
    X = [d["x"] for d in docs]
    Y = [keys.index(gold_items[d["name"]]) + 1 if gold_items[d["name"]] in keys else 0 for d in docs]
    k = len(lk.FEATURES)

    def loss(theta):
        w, b = theta[:k], theta[k]
        nll, grad = 0.0, np.zeros(k + 1)
        for x, y in zip(X, Y):
            z = np.concatenate([[0.0], x @ w + b])
            top = z.max()
            e = np.exp(z - top)
            p = e / e.sum()
            nll -= z[y] - top - math.log(e.sum())
            xf = np.vstack([np.zeros(k), x])
            ones = np.concatenate([[0.0], np.ones(len(x))])
            grad[:k] -= xf[y] - p @ xf
            grad[k] -= ones[y] - p @ ones
        nll += penalty * float(w @ w)
        grad[:k] += 2 * penalty * w
        return nll, grad

    theta = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B").x
    return lk.LinkModel(dict(zip(lk.FEATURES, map(float, theta[:k]))), float(theta[k]))


def predict_items(docs, profiles, model) -> dict:
    out = {}
    for d in docs:
        p, none = model.probabilities(d["x"])
        i = int(np.argmax(p))
        out[d["name"]] = profiles[i].key if p[i] > none else None
    return out


def _link_accuracy(docs, profiles, gold_items, model) -> float:
    pred = predict_items(docs, profiles, model)
    return sum(pred[d["name"]] == gold_items[d["name"]] for d in docs) / len(docs)


def _event_inputs(docs, items):
    return [ev.EventInput(content_hash=d["hash"], vector=d["vector"], regions=frozenset(d["facts"]["regions"]),
                          domains=frozenset(d["facts"]["domains"]),
                          amounts=tuple(float(a["value"]) for a in d["facts"]["amounts"]), item=items[d["name"]])
            for d in docs]


def _gold_pairs(groups) -> set:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def fit_events(docs, items, groups, C: float = 10.0) -> ev.EventModel:
    """Logistic fit on candidate pairs. `far` is not fitted (news-dev has no publication
    dates): it is a hard window, weight FAR_WEIGHT, enough to veto any pair."""
    from sklearn.linear_model import LogisticRegression

    inputs = _event_inputs(docs, items)
    gold = _gold_pairs(groups)
    pairs = sorted(ev.candidate_pairs(inputs))
    fitted = [f for f in ev.FEATURES if f != "far"]
    cols = [ev.FEATURES.index(f) for f in fitted]
    X = np.stack([ev.pair_features(inputs[i], inputs[j]) for i, j in pairs])[:, cols]
    y = np.array([tuple(sorted((docs[i]["name"], docs[j]["name"]))) in gold for i, j in pairs], dtype=int)
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(X, y)
    weights = dict(zip(fitted, map(float, clf.coef_[0])))
    weights["far"] = FAR_WEIGHT
    return ev.EventModel(weights, float(clf.intercept_[0]), 0.5)


def event_f1(docs, items, groups, model) -> float:
    inputs = _event_inputs(docs, items)
    ids = ev.event_ids(inputs, model)
    names = [d["name"] for d in docs]
    pred = {tuple(sorted((names[a], names[b]))) for a, b in itertools.combinations(range(len(docs)), 2)
            if ids[a] == ids[b]}
    present = set(names)
    gold = {p for p in _gold_pairs(groups) if p[0] in present and p[1] in present}
    tp = len(gold & pred)
    p = tp / len(pred) if pred else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def leave_some_out(docs, profiles, gold_items, groups, folds: int = 6) -> dict:
    """Held-out item accuracy (documents split in `folds`) and event F1 (same-event groups kept
    whole inside one fold, so a fold's pairs are never seen in training)."""
    names = sorted(d["name"] for d in docs)
    fold_of = {n: i % folds for i, n in enumerate(names)}
    for g in groups:  # keep each group in one fold
        for n in g:
            fold_of[n] = fold_of[g[0]]
    correct, total, f1s = 0, 0, []
    wrong = []
    for k in range(folds):
        train = [d for d in docs if fold_of[d["name"]] != k]
        test = [d for d in docs if fold_of[d["name"]] == k]
        if not test:
            continue
        model = fit_link(train, profiles, gold_items)
        pred = predict_items(test, profiles, model)
        for d in test:
            total += 1
            if pred[d["name"]] == gold_items[d["name"]]:
                correct += 1
            else:
                wrong.append(f"{d['name']}: {pred[d['name']]} != {gold_items[d['name']]}")
        train_items = predict_items(train, profiles, model)
        emodel = fit_events(train, train_items, [g for g in groups if fold_of[g[0]] != k])
        test_groups = [g for g in groups if fold_of[g[0]] == k]
        f1s.append(event_f1(test, pred, test_groups, emodel))
    return {"item_accuracy": correct / total, "event_pair_f1_mean": float(np.mean(f1s)), "wrong": wrong}


def _save(model, path: Path, features, note: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"note": note, "features": list(features),
            "weights": {k: round(v, 4) for k, v in model.weights.items()},
            "intercept": round(model.intercept, 4)}
    if hasattr(model, "threshold"):
        data["threshold"] = model.threshold
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _split_half(names, groups) -> set:
    """A deterministic half of `names` (groups kept whole): those whose group's first name has an
    even SHA-1 first byte."""
    import hashlib

    head = {n: n for n in names}
    for g in groups:
        for n in g:
            head[n] = sorted(g)[0]
    return {n for n in names if hashlib.sha1(head[n].encode()).digest()[0] % 2 == 0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("news_dir")
    ap.add_argument("gold")
    ap.add_argument("--extra", nargs=2, action="append", default=[], metavar=("DIR", "GOLD"),
                    help="another labelled set: half joins training, half is held out")
    ap.add_argument("--write", action="store_true", help="write the fitted models into the package")
    ap.add_argument("--links-only", action="store_true", help="with --write: write the link model only")
    args = ap.parse_args(argv)
    gold = load_gold(args.gold)
    gold_items = {k: v.get("item") for k, v in gold["items"].items()}
    groups = [list(g) for g in gold.get("same_event_groups", [])]
    docs, profiles = prepare(args.news_dir)
    docs = [d for d in docs if d["name"] in gold_items]
    held, held_groups = [], []
    for extra_dir, extra_gold in args.extra:
        g = load_gold(extra_gold)
        items = {k: v.get("item") for k, v in g["items"].items()}
        egroups = [list(x) for x in g.get("same_event_groups", []) or []]
        edocs, _ = prepare(extra_dir)
        edocs = [d for d in edocs if d["name"] in items]
        train = _split_half([d["name"] for d in edocs], egroups)
        gold_items.update(items)
        docs += [d for d in edocs if d["name"] in train]
        held += [d for d in edocs if d["name"] not in train]
        groups += [x for x in egroups if x[0] in train]
        # event F1 is scored within each set: different sets may report the same events
        held_groups.append(([d for d in edocs if d["name"] not in train], [x for x in egroups if x[0] not in train]))
    print("leave-some-out:", json.dumps(leave_some_out(docs, profiles, gold_items, groups), indent=1))
    model = fit_link(docs, profiles, gold_items)
    items = predict_items(docs, profiles, model)
    emodel = fit_events(docs, items, groups)
    print(f"fitted on {len(docs)}: item accuracy", round(_link_accuracy(docs, profiles, gold_items, model), 3),
          "event F1", round(event_f1(docs, items, groups, emodel), 3))
    if held:
        held_items = predict_items(held, profiles, model)
        wrong = [f"{d['name']}: {held_items[d['name']]} != {gold_items[d['name']]}" for d in held
                 if held_items[d["name"]] != gold_items[d["name"]]]
        print(f"held out ({len(held)}): item accuracy", round(_link_accuracy(held, profiles, gold_items, model), 3),
              "event F1 (mean over sets)",
              round(float(np.mean([event_f1(h, held_items, g, emodel) for h, g in held_groups if h])), 3),
              "wrong:", wrong)
    print("link model:", model)
    print("event model:", emodel)
    if args.write:
        sets = [Path(args.news_dir).name] + [Path(d).name for d, _ in args.extra]
        src = (f"fitted by coopwatch.evidence.calibration on {len(docs)} labelled news items ({', '.join(sets)}; "
               f"half of each extra set, {len(held)} items held out)")
        _save(model, lk.MODEL_FILE, lk.FEATURES, src)
        if not args.links_only:
            _save(emodel, ev.MODEL_FILE, ev.FEATURES, src)
        print("written:", lk.MODEL_FILE, "" if args.links_only else ev.MODEL_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
