"""Every word a page shows exists in zh and en: each message key the templates name, and each key
they build from a record's value (a review state, a progress status, a role, an item kind …)."""

from __future__ import annotations

import re
from pathlib import Path

from coopwatch.web import i18n

TEMPLATES = Path(i18n.__file__).parent / "templates"


def used_keys() -> set[str]:
    keys = set()
    for path in TEMPLATES.glob("*.html"):
        keys |= set(re.findall(r"""\bt\(\s*'([a-z_]+\.[a-z_.]+|[a-z_]+)'\s*[,)]""", path.read_text()))
    return keys


def built_keys() -> set[str]:
    from coopwatch.evidence.review import STATES as EVIDENCE_STATES
    from coopwatch.plans.model import ITEM_KINDS
    from coopwatch.records.updates import STATES, STATUSES
    from coopwatch.report.exports import TABLES
    from coopwatch.store.permissions import ROLE_ACTIONS
    from coopwatch.web.pages.common import NAV
    from coopwatch.web.pages.index import AGGREGATIONS, NORMALISERS, WEIGHTS

    return ({f"state.{s}" for s in (*STATES, *EVIDENCE_STATES)} | {f"progress.{s}" for s in STATUSES}
            | {f"role.{r}" for r in ROLE_ACTIONS} | {f"kind.{k}" for k in ITEM_KINDS} | {f"nav.{k}" for k, _ in NAV}
            | {f"pillar.{p}" for p in ("evidence", "progress", "outcomes")} | {f"norm.{n}" for n in NORMALISERS}
            | {f"agg.{a}" for a in AGGREGATIONS} | {f"weights.{w}" for w in WEIGHTS} | {f"exports.{x}" for x in TABLES})


def test_every_message_a_page_shows_is_in_both_languages():
    keys = used_keys() | built_keys()
    assert len(keys) > 100  # the templates were read
    missing = sorted(k for k in keys if k not in i18n.MESSAGES)
    assert missing == []
    empty = sorted(k for k in keys if not all(i18n.MESSAGES[k]))
    assert empty == []


def test_numbers_dates_and_names_follow_the_language():
    assert i18n.date("2024-03-05", "zh") == "2024年3月5日"
    assert i18n.date("2024-03-05", "en") == "5 Mar 2024"
    assert i18n.number(2150000000, 0, lang="en") == "2,150,000,000"
    assert i18n.region("630000", "zh") == "青海省" and i18n.region("630000", "en") == "Qinghai"
    assert i18n.translate("signed_in", "en", name="eva", role="evaluator") == "Signed in: eva (evaluator)"
    assert i18n.translate("overview.title", "fr") == "总览"  # an unknown language falls back to Chinese
