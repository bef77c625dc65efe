"""A plan as a readable tree (for `coopwatch plan show`) or as JSON, in Chinese or English,
with the fields a reviewer should check flagged (`low_confidence`)."""

from __future__ import annotations

from coopwatch.plans.model import PlanFramework, PlanItem, PlanTarget, as_dict

WITH_REGIONS = ("programme", "task", "measure")


def low_confidence(item: PlanItem) -> list[str]:
    """Why an item needs a look: flags stored with it (a field read from a repaired passage, a
    repeated number), a programme, task or measure with no region, an item with no title."""
    flags = list(item.flags)
    if item.kind in WITH_REGIONS and not item.regions:
        flags.append("regions:none")
    if not any(item.title.values()):
        flags.append("title:none")
    return flags


def in_language(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`; else the other of zh/en, else any, marked with its language."""
    if texts.get(lang):
        return texts[lang]
    for other, text in texts.items():
        if text:
            return f"[{other}] {text}"
    return ""


def target_low_confidence(target: PlanTarget) -> list[str]:
    flags = []
    if target.indicator is None:
        flags.append("indicator:none")
    if not target.regions and target.region is None:
        flags.append("regions:none")
    if not target.unit:
        flags.append("unit:none")
    if target.item_ref is None:
        flags.append("item:none")
    return flags


def plan_json(fw: PlanFramework) -> dict:
    """The plan as plain data, each item and target with its `low_confidence` list."""
    data = as_dict(fw)

    def mark(items: list[dict], objs: list[PlanItem]) -> None:
        for d, it in zip(items, objs):
            d["key"] = fw.key(it)
            d["low_confidence"] = low_confidence(it)
            mark(d["items"], it.items)

    mark(data["items"], fw.items)
    for d, t in zip(data["targets"], fw.targets):
        d["low_confidence"] = target_low_confidence(t)
    return data


def plan_lines(fw: PlanFramework, lang: str = "zh", region_name=None) -> list[str]:
    """The plan as indented lines: '<short ref>  <title>  regions … partners … [flags]'.
    `region_name(code, lang)` turns a code into a name when given."""
    name = region_name or (lambda code, _lang: code)
    title = in_language(fw.title, lang) or fw.id
    lines = [f"{fw.id}  version {fw.version}  {title}"]
    if fw.issued or fw.issuers.get("agencies"):
        issuers = ", ".join(fw.issuers.get("agencies", []) + [name(c, lang) for c in fw.issuers.get("regions", [])])
        lines.append(f"印发 {fw.issued or '?'}  {issuers}" if lang == "zh" else f"issued {fw.issued or '?'}  by {issuers}")

    def regions(codes: list[str]) -> str:
        return ", ".join(name(c, lang) for c in codes)

    def visit(item: PlanItem, depth: int) -> None:
        label = in_language(item.title, lang)
        facts = [f"[{item.kind}]"]
        if item.regions:
            facts.append(("地区 " if lang == "zh" else "regions ") + regions(item.regions))
        if item.partners:
            facts.append(("合作 " if lang == "zh" else "partners ") + regions(item.partners))
        lead = item.lead.get("agencies", []) + [name(c, lang) for c in item.lead.get("regions", [])]
        if lead:
            facts.append(("牵头 " if lang == "zh" else "lead ") + ", ".join(lead))
        if item.agencies and item.agencies != item.lead.get("agencies"):
            facts.append(("部门 " if lang == "zh" else "agencies ") + ", ".join(item.agencies))
        if item.domains:
            facts.append(("领域 " if lang == "zh" else "domains ") + ", ".join(item.domains))
        flags = low_confidence(item)
        flag_text = f"  ⚠ {', '.join(flags)}" if flags else ""
        lines.append(f"{'  ' * depth}{item.short_ref:<6} {label}  {'; '.join(facts)}{flag_text}")
        for child in item.items:
            visit(child, depth + 1)

    for item in fw.items:
        visit(item, 0)
    if fw.targets:
        lines.append("目标" if lang == "zh" else "targets")
    for t in fw.targets:
        where = name(t.region, lang) if t.region else regions(t.regions)
        proxy = (f"（代理 {name(t.proxy, lang)}）" if lang == "zh" else f" (proxy {name(t.proxy, lang)})") if t.proxy else ""
        flags = target_low_confidence(t)
        flag_text = f"  ⚠ {', '.join(flags)}" if flags else ""
        value = int(t.value) if float(t.value).is_integer() else t.value
        year = f"{t.year}年" if lang == "zh" else f"by {t.year}"
        lines.append(f"  {t.item_ref or '-':<6} {t.indicator or '?'} {t.comparator} {value} {t.unit} {year}"
                     f"  {where}{proxy}{flag_text}")
    return lines
