"""The digest of stored evidence (`coopwatch digest`): what the news says about the plans.

Method. Which links count, and how dates, amounts and pairings are read, is the one rule of
`evidence.counting`; a document counts here for one item: its confirmed link when an evaluator
confirmed one, else the linker's choice when that counts. Documents are grouped into events
(reports of the same event, any language); an event's item, regions, domains and amount come
from its reports (the amount of an event is the largest amount any report states, counted once
however many outlets report it).

* topics: the plan items with events, each with its number of events and reports, the regions
  and domains named, and the summed amounts of its events;
* pairings: western region ↔ partner province pairs, with the events showing each;
* tasks: the number of events and reports per item;
* typical cases: the best-evidenced events (most reports, in most languages, confirmed first,
  then by link score).

Every figure lists the documents it rests on (ids and paths). Labels are in Chinese or English.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, func, select, true

from coopwatch.errors import InputError
from coopwatch.evidence.counting import counted_clause, document_date_column, event_key, largest_amount
from coopwatch.plans import ItemRef
from coopwatch.store.models import Document, Evidence

CASES = 5


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} {value!r}: expected a date as YYYY-MM-DD") from None


def _item_labels(store, lang: str) -> dict:
    from coopwatch.plans.registry import current_plans

    labels = {}
    for plan in current_plans(store):
        for item in plan.walk():
            labels[plan.key(item)] = item.label(lang)
    return labels


def _region_name(code: str, lang: str) -> str:
    from coopwatch.reference import gazetteer

    info = gazetteer().get(code)
    if info is None:
        return code
    return (info.name_zh if lang == "zh" else (info.name_en or info.name_zh)) or code


def build_digest(store, *, since: str | None = None, until: str | None = None, lang: str = "en") -> dict:
    """The digest of the period (see the module docstring), in stages: query the counted links →
    one link a document → events → topics and pairings → typical cases → labelled output."""
    if lang not in ("zh", "en"):
        raise InputError(f"--lang {lang!r}: expected zh or en")
    start, end = _date(since, "--since"), _date(until, "--until")
    n_documents, evidence, docs = _counted_evidence(store, start, end)
    link = _document_links(evidence)
    events = _events(link, docs)
    labels = _item_labels(store, lang)
    topics, pairings = _topics_and_pairings(events, labels)
    cases = _typical_cases(events)
    counts = {"documents": n_documents, "linked": len(link), "events": len(events)}
    return _output(start, end, lang, counts, topics, pairings, cases, labels)


def _counted_evidence(store, start: dt.date | None, end: dt.date | None) -> tuple[int, list, dict]:
    """The database counts the period's documents and selects the links that count (in document
    order, best rank first) and the documents they link."""
    date = document_date_column()
    in_period = and_(true(), *([date >= start] if start else []), *([date <= end] if end else []))
    with store.session() as s:
        n_documents = s.scalar(select(func.count()).select_from(Document).where(in_period))
        counted = (select(Evidence.document_id, Evidence.plan_id, Evidence.item_ref, Evidence.score, Evidence.state)
                   .join(Document, Document.id == Evidence.document_id).where(in_period, counted_clause()))
        evidence = s.execute(counted.order_by(Evidence.document_id, Evidence.rank, Evidence.id)).all()
        linked_ids = counted.with_only_columns(Evidence.document_id).subquery()
        docs = {d.id: d for d in s.execute(
            select(Document.id, Document.path, Document.language, Document.event, Document.duplicate_of,
                   Document.facts).where(Document.id.in_(select(linked_ids.c.document_id))))}
    return n_documents, evidence, docs


def _document_links(evidence) -> dict[int, tuple[str, float, str]]:
    """Per document, the one link it counts for: (item, score, state); a confirmed link (score
    1) over the linker's best counted one."""
    link: dict[int, tuple[str, float, str]] = {}
    for ev in evidence:
        key = str(ItemRef(ev.plan_id, ev.item_ref))
        current = link.get(ev.document_id)
        if ev.state == "confirmed" and (current is None or current[2] != "confirmed"):
            link[ev.document_id] = (key, 1.0, "confirmed")
        elif current is None:
            link[ev.document_id] = (key, ev.score, "proposed")
    return link


def _events(link: dict, docs: dict) -> dict[str, dict]:
    """The linked documents grouped into events (a copy of a counted report is left out); an
    event's item is the one most of its reports link to."""
    events: dict[str, dict] = {}
    for doc_id, (key, score, state) in sorted(link.items()):
        d = docs[doc_id]
        if d.duplicate_of is not None and d.duplicate_of in link:
            continue  # a copy of a counted report adds nothing
        eid = event_key(d.event, d.id)
        e = events.setdefault(eid, {"event": eid, "items": defaultdict(int), "documents": [], "paths": [],
                                    "languages": set(), "regions": set(), "domains": set(), "pairs": set(),
                                    "amount": 0.0, "confirmed": False, "score": 0.0})
        f = d.facts or {}
        e["items"][key] += 1
        e["documents"].append(d.id)
        e["paths"].append(d.path)
        e["languages"].add(d.language)
        e["regions"].update(f.get("regions", []))
        e["domains"].update(f.get("domains", []))
        e["pairs"].update(tuple(p) for p in f.get("pairs", []))
        e["amount"] = max(e["amount"], largest_amount(f) or 0.0)
        e["confirmed"] |= state == "confirmed"
        e["score"] = max(e["score"], score)
    for e in events.values():
        e["item"] = max(sorted(e["items"]), key=lambda k: e["items"][k])
    return events


def _topics_and_pairings(events: dict, labels: dict) -> tuple[dict[str, dict], dict[tuple, dict]]:
    """The events summed per item (topics) and per western region ↔ partner pair (pairings)."""
    topics: dict[str, dict] = {}
    pairings: dict[tuple, dict] = {}
    for e in events.values():
        t = topics.setdefault(e["item"], {"item": e["item"], "label": labels.get(e["item"], e["item"]),
                                          "events": 0, "reports": 0, "regions": set(), "domains": set(),
                                          "amount": 0.0, "documents": [], "paths": []})
        t["events"] += 1
        t["reports"] += len(e["documents"])
        t["regions"] |= e["regions"]
        t["domains"] |= e["domains"]
        t["amount"] += e["amount"]
        t["documents"] += e["documents"]
        t["paths"] += e["paths"]
        for pair in e["pairs"]:
            p = pairings.setdefault(pair, {"west": pair[0], "partner": pair[1], "events": 0, "documents": []})
            p["events"] += 1
            p["documents"] += e["documents"]
    return topics, pairings


def _typical_cases(events: dict) -> list[dict]:
    """The best-evidenced events: most reports, in most languages, confirmed first, then by score."""
    def cases_key(e):
        return (-len(e["documents"]), -len(e["languages"]), not e["confirmed"], -e["score"], e["event"])

    return sorted(events.values(), key=cases_key)[:CASES]


def _output(start, end, lang: str, counts: dict, topics: dict, pairings: dict, cases: list[dict],
            labels: dict) -> dict:
    """The digest as JSON: sets sorted, amounts rounded, regions named in `lang`."""
    out_topics = sorted(topics.values(), key=lambda t: (-t["events"], -t["reports"], t["item"]))
    return {
        "since": start.isoformat() if start else None,
        "until": end.isoformat() if end else None,
        "language": lang,
        **counts,
        "topics": [dict(t, regions=sorted(t["regions"]), domains=sorted(t["domains"]), amount=_num(t["amount"]),
                        documents=sorted(t["documents"])) for t in out_topics],
        "pairings": sorted(({"west": p["west"], "west_name": _region_name(p["west"], lang), "partner": p["partner"],
                             "partner_name": _region_name(p["partner"], lang), "events": p["events"],
                             "documents": sorted(set(p["documents"]))} for p in pairings.values()),
                           key=lambda p: (-p["events"], p["west"], p["partner"])),
        "tasks": [{"item": t["item"], "label": t["label"], "events": t["events"], "reports": t["reports"],
                   "documents": sorted(t["documents"])} for t in out_topics],
        "cases": [{"event": e["event"], "item": e["item"], "label": labels.get(e["item"], e["item"]),
                   "reports": len(e["documents"]), "languages": sorted(x for x in e["languages"] if x),
                   "regions": sorted(e["regions"]), "amount": _num(e["amount"]), "confirmed": e["confirmed"],
                   "documents": sorted(e["documents"]), "paths": sorted(p for p in e["paths"] if p)} for e in cases],
    }


def _num(x: float):
    return int(x) if float(x).is_integer() else round(x, 2)


_WORDS = {
    "en": {"title": "Digest of evidence", "period": "Period", "all": "all stored documents",
           "summary": "{docs} documents, {linked} linked to plan items, {events} events",
           "topics": "Topics", "pairings": "Pairings (western region - partner)", "cases": "Typical cases",
           "events": "events", "reports": "reports", "amount": "amount", "docs": "documents", "yuan": "yuan",
           "event": "event", "report": "report", "none": "(none)"},
    "zh": {"title": "证据摘要", "period": "时段", "all": "全部已存文档",
           "summary": "文档{docs}篇，关联到方案任务{linked}篇，事件{events}个",
           "topics": "主题", "pairings": "结对（西部地区—合作方）", "cases": "典型案例",
           "events": "个事件", "reports": "篇报道", "amount": "金额", "docs": "文档", "yuan": "元",
           "event": "个事件", "report": "篇报道", "none": "（无）"},
}


def _money(x, lang) -> str:
    if not x:
        return "-"
    if lang == "zh":
        return f"{x / 1e8:.2f}亿元" if x >= 1e8 else f"{x / 1e4:.0f}万元"
    return f"{x / 1e6:,.1f} million yuan"


def render_digest(d: dict) -> str:
    """The digest as plain text in its language; every line ends with its document ids."""
    lang = d["language"]
    w = _WORDS[lang]
    zh = lang == "zh"
    sep, comma, semi, gap = ("：", "，", "；", "") if zh else (": ", ", ", "; ", " ")
    period = f"{d['since'] or '…'} – {d['until'] or '…'}" if d["since"] or d["until"] else w["all"]
    lines = [w["title"], f"{w['period']}{sep}{period}",
             w["summary"].format(docs=d["documents"], linked=d["linked"], events=d["events"]), "", w["topics"]]

    def counted(n, noun):  # "1 event", "2 events", "2个事件"
        return f"{n}{gap}{w[noun[:-1]] if n == 1 else w[noun]}"

    def ids(xs):
        return f"[{w['docs']} {', '.join(str(x) for x in xs)}]"

    def regions(codes):
        return ("、" if zh else ", ").join(_region_name(r, lang) for r in codes)

    for t in d["topics"]:
        lines.append(f"- {t['item']} {t['label']}{sep}{counted(t['events'], 'events')}{comma}"
                     f"{counted(t['reports'], 'reports')}{comma}{w['amount']} {_money(t['amount'], lang)}{semi}"
                     f"{regions(t['regions'])} {ids(t['documents'])}")
    if not d["topics"]:
        lines.append(w["none"])
    lines += ["", w["pairings"]]
    for p in d["pairings"]:
        lines.append(f"- {p['west_name']} – {p['partner_name']}{sep}{counted(p['events'], 'events')} {ids(p['documents'])}")
    if not d["pairings"]:
        lines.append(w["none"])
    lines += ["", w["cases"]]
    for c in d["cases"]:
        lines.append(f"- {c['label']} ({c['item']}){sep}{counted(c['reports'], 'reports')} ({', '.join(c['languages'])})"
                     f"{comma}{w['amount']} {_money(c['amount'], lang)} {ids(c['documents'])}")
    if not d["cases"]:
        lines.append(w["none"])
    return "\n".join(lines)
