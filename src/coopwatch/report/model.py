"""The report as plain data: `build_report` runs every section (`sections.ORDER`) on one
`Context` and returns a dict the templates render (title, period, sections with their blocks,
references), the same for HTML and PDF, zh and en."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from coopwatch.errors import InputError
from coopwatch.report.context import Context
from coopwatch.report.words import date_text, words


def report_dates(period: int | None, as_of, since, today: dt.date | None = None) -> tuple[int, dt.date, dt.date]:
    """(period, as-of date, date of the previous report). The period is a year (default: the
    as-of date's); the as-of date defaults to the period's last day, or today within the current
    year; the previous report is one year earlier unless `since` says otherwise."""
    from coopwatch.evaluate.scorecard import parse_as_of

    today = today or dt.date.today()
    if as_of is not None:
        as_of = parse_as_of(as_of)
        period = period or as_of.year
    else:
        period = period or today.year
        as_of = min(dt.date(int(period), 12, 31), today)
    if not 1900 < int(period) < 2200:
        raise InputError(f"--period: {period!r} is not a year")
    since = parse_as_of(since) if since is not None else as_of.replace(year=as_of.year - 1, day=min(as_of.day, 28))
    if since >= as_of:
        raise InputError(f"--since: {since} is not before the as-of date {as_of}")
    return int(period), as_of, since


def build_report(store, *, plan: str | None = None, period: int | None = None, as_of=None, since=None,
                 previous: dict | None = None, lang: str = "zh", seed: int = 0,
                 progress: Callable[[int, int], None] | None = None) -> dict:
    """The periodic evaluation report of one plan (or every plan) for a period, in zh or en."""
    from coopwatch.charts.common import check_lang
    from coopwatch.indicators.attainment import _plans
    from coopwatch.report.sections import ORDER

    check_lang(lang)
    period, as_of, since = report_dates(period, as_of, since)
    ctx = Context(store, _plans(store, plan), period, as_of, since, lang, seed=seed, previous=previous)
    sections = []
    for i, module in enumerate(ORDER):
        if progress:
            progress(i, len(ORDER))
        sections.append(module.build(ctx))
    if progress:
        progress(len(ORDER), len(ORDER))
    w = words(lang)
    return {"lang": lang, "title": w["report"], "period": period, "as_of": as_of.isoformat(),
            "as_of_text": date_text(as_of, lang), "since": since.isoformat(),
            "plans": [{"id": p.id, "title": ctx.plan_title(p)} for p in ctx.plans],
            "generated": dt.datetime.now().isoformat(timespec="seconds"),
            "sections": sections, "references": ctx.refs.listing(), "snapshot": ctx.snapshot, "words": w}
