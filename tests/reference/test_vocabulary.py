"""Vocabularies carry every id of the shared contracts, with names in four languages."""

from __future__ import annotations

import pytest

from coopwatch.reference import Term, vocabulary


@pytest.mark.parametrize("kind,file", [("agency", "agencies.csv"), ("domain", "domains.csv"),
                                       ("indicator", "indicators.csv")])
def test_every_contract_id_is_in_the_vocabulary(shared, kind, file):
    # indicators.csv has unquoted commas inside its en and unit fields ("per 10,000 people"), so the
    # lines are split by hand: id and zh first, direction and kind last.
    lines = (shared / "contracts" / file).read_text(encoding="utf-8").splitlines()[1:]
    terms = {t.id: t for t in vocabulary(kind)}
    for line in filter(None, lines):
        parts = line.split(",")
        t = terms.get(parts[0])
        assert t is not None, parts[0]
        assert parts[1] in t.names["zh"], parts[0]
        if kind == "indicator":
            assert (t.extra["direction"], t.extra["kind"]) == tuple(parts[-2:])
            assert ",".join(parts[2:-2]).endswith("," + t.extra["unit"]), parts[0]


@pytest.mark.parametrize("kind", ["agency", "domain", "indicator"])
def test_terms_have_four_languages(kind):
    for t in vocabulary(kind):
        assert isinstance(t, Term)
        if t.id.isupper() and kind == "agency" and t.id not in {"MOST", "CAS", "CAST"}:
            assert t.names.get("zh") and t.names.get("en")
            continue
        assert all(t.names.get(lang) for lang in ("zh", "en", "fr", "de")), t.id


def test_unknown_vocabulary_is_refused():
    with pytest.raises(ValueError):
        vocabulary("planet")


def test_term_names_carry_no_matcher_markers():
    for kind in ("agency", "domain", "indicator"):
        for t in vocabulary(kind):
            for names in t.names.values():
                assert all("*" not in n and not n.startswith("=") for n in names), t.id
    photovoltaics = next(t for t in vocabulary("domain") if t.id == "photovoltaics")
    assert "Photovoltaik" in photovoltaics.names["de"]
