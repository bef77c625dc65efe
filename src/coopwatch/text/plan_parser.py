"""`parse_plan`: any plan text → the results framework of contracts/plan-output.md.

    bytes → decode → clean → language → repairs → spans (matcher) → structure → item roles
          → targets → document fields

Each stage is its own module and usable alone; this module only wires them and shapes the
output. Offsets in `repairs` point into the decoded original text.
"""

from __future__ import annotations

import bisect
from collections import Counter

from coopwatch.text.clean import clean_text
from coopwatch.text.plan_fields import document_fields, document_kind
from coopwatch.text.read import read_source
from coopwatch.text.variants import mainland_wording
from coopwatch.text.entities import (apply_repairs, find_spans, plan_home, programme_regions, provinces_of, read_item,
                                     slogan_provinces)
from coopwatch.text.language import detect_language
from coopwatch.text.repairs import confusable_repairs, find_repairs
from coopwatch.text.structure import Node, parse_structure
from coopwatch.text.targets import find_targets, target_year


def parse_plan(path_or_bytes, name: str | None = None) -> dict:
    """Parse a plan file (path) or its bytes; InputError names the file and the problem.

    The file is read by the one reader (`text.read.read_source`: a PDF's text layer, an HTML
    page's text with markup dropped, any other file decoded) and cleaned once, here."""
    source = read_source(path_or_bytes, name)
    text = source.text
    if source.title and source.title not in text[:2000]:
        text = source.title + "\n\n" + text
    return parse_plan_text(text, source=source.path, repairs=[dict(r) for r in source.repairs if isinstance(r, dict)])


def parse_plan_text(text: str, source: str = "<text>", repairs: list[dict] | None = None) -> dict:
    """Parse decoded text (see the module docstring)."""
    cleaned = clean_text(text)
    ct = mainland_wording(cleaned.text)  # same length: 工業和資訊化部 reads as 工业和信息化部
    language = detect_language(ct)
    text_repairs = find_repairs(ct, language)
    spans = find_spans(ct, repairs=text_repairs, language=language)

    named: dict[str, bool] = {}

    def names_region(title: str) -> bool:
        if title not in named:
            named[title] = _names_region(title)
        return named[title]

    def _names_region(title: str) -> bool:
        local = find_repairs(title, language)
        return any(provinces_of(s) for s in find_spans(title, repairs=local, language=language)) \
            or bool(language == "zh" and slogan_provinces(title))

    roots = parse_structure(ct, names_region)
    first_item = roots[0].start if roots else len(ct)
    fields = document_fields(ct, spans, first_item)
    title_spans = find_spans(fields["title"], language=language) if fields["title"] else []
    home = plan_home(fields["title"], title_spans, fields["issuers"]["agencies"], fields["issuers"]["regions"])
    reader = _ItemReader(ct, spans, language, home)
    items = [reader.read(n, inherited=[]) for n in roots]
    text_repairs += reader.repairs

    doc_spans = apply_repairs(spans, reader.repairs)
    if reader.repairs:
        fields = document_fields(ct, doc_spans, first_item)
    regions: list[str] = []
    for s in doc_spans:
        for p in provinces_of(s):
            if p not in regions:
                regions.append(p)

    target_regions = fields["issuers"]["regions"] or regions
    targets = _targets(ct, roots, items, language, target_regions, first_item)

    all_nodes = [n for r in roots for n in r.walk()]
    structured = sum(1 for n in all_nodes if n.kind != "section")
    kind = document_kind(ct, fields["title"], len(all_nodes), structured,
                         bool(fields["issuers"]["agencies"] or fields["issuers"]["regions"]))
    out_repairs = list(repairs or []) + list(cleaned.repairs) + [r.as_dict(cleaned.to_original) for r in text_repairs]
    out_repairs.sort(key=lambda r: r["offset"])
    return {
        "source": source,
        "language": language,
        "kind": kind,
        "title": fields["title"],
        "issued": fields["issued"],
        "issuers": fields["issuers"],
        "regions": regions,
        "repairs": out_repairs,
        "items": items,
        "targets": targets,
    }


class _ItemReader:
    """Reads the roles of every item, top-down (a task needs its programme's regions)."""

    def __init__(self, text: str, spans: list, language: str, home: str | None = None):
        self.text, self.spans, self.language, self.home = text, spans, language, home
        self._starts = [s.start for s in spans]
        self.repairs: list = []

    def _local(self, node: Node):
        a, b = node.body, node.own_end
        local = self.text[a:b]
        lo, hi = bisect.bisect_left(self._starts, a), bisect.bisect_left(self._starts, b)
        spans = [_shift(s, -a) for s in self.spans[lo:hi] if s.end <= b]
        lead_ws = len(local) - len(local.lstrip())
        title_len = lead_ws + len(node.title) if node.title else 0
        return local, spans, title_len

    def read(self, node: Node, inherited: list[str], fixed: list[str] | None = None) -> dict:
        local, spans, title_len = self._local(node)
        if node.kind == "programme":
            own = programme_regions(local, spans, title_len, self.language, self.home)
            if not own:
                own = self._majority_region(node)
            ent = read_item(local, spans, title_len, fixed_regions=own)
            children = [self.read(c, inherited=own, fixed=own or None) for c in node.children]
        else:
            ent = read_item(local, spans, title_len, inherited=inherited, fixed_regions=fixed)
            home = ent.regions
            fixes = confusable_repairs(local, spans, home, self.language, offset=node.body)
            if fixes:
                self.repairs += fixes
                spans = apply_repairs(spans, [_shifted_repair(r, -node.body) for r in fixes])
                ent = read_item(local, spans, title_len, inherited=inherited, fixed_regions=fixed)
            children = [self.read(c, inherited=ent.regions) for c in node.children]
        return {
            "id": node.id, "kind": node.kind, "number": node.number, "ordinal": node.ordinal,
            "title": node.title, "text": node.text,
            "regions": ent.regions, "partners": ent.partners, "places": ent.places, "agencies": ent.agencies,
            "lead": {"agencies": ent.lead_agencies, "regions": ent.lead_regions},
            "domains": ent.domains, "items": children,
        }

    def _majority_region(self, node: Node) -> list[str]:
        """The region most tasks of a programme are for, when it is most of them."""
        votes: Counter = Counter()
        for c in node.children:
            local, spans, title_len = self._local(c)
            ent = read_item(local, spans, title_len)
            votes.update(set(ent.regions))
        if not votes:
            return []
        region, n = votes.most_common(1)[0]
        return [region] if n > len(node.children) / 2 else []


def _shift(span, delta: int):
    from dataclasses import replace

    return replace(span, start=span.start + delta, end=span.end + delta)


def _shifted_repair(r, delta: int):
    from dataclasses import replace

    return replace(r, start=r.start + delta, end=r.end + delta, substitute=[_shift(s, delta) for s in r.substitute])


def _targets(text: str, roots: list[Node], items: list[dict], language: str, doc_regions: list[str],
             first_item: int) -> list[dict]:
    out: list[dict] = []
    out += find_targets(text[:first_item], language, regions=doc_regions)

    def visit(node: Node, item: dict, year: int | None):
        own = text[node.body:node.own_end]
        regions = item["regions"] or doc_regions
        out.extend(find_targets(own, language, regions=regions, year=year))
        year_here = target_year(own) or year
        for c, ci in zip(node.children, item["items"]):
            visit(c, ci, year_here)

    for n, it in zip(roots, items):
        visit(n, it, None)
    seen, unique = set(), []
    for t in out:
        key = (t["indicator"], t["value"], t["year"], t["comparator"])
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return unique


__all__ = ["parse_plan", "parse_plan_text"]
