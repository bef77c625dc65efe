"""Stage 5 of the plan pipeline: who and what an item names, and in which role.

Every name is found by the project's one matcher (`coopwatch.reference.matcher()`); this module
only reads roles from the sentence around the names.

Method.
- Spans: the matcher's spans; a repair (see repairs.py) replaces the spans under the text it
  repairs with the spans of its meaning ("aid the Youth" → 援青 → Qinghai; "Hubei" → 呼包鄂).
- Provinces of a span: a province → itself; a prefecture, county, zone or single-province
  group → its province (and it is listed as a place); a multi-province group (成渝, 闽宁) → its
  members. Landforms (青藏高原, Yellow River), macro-regions ("eastern provinces"), companies
  and indicators give none.
- Lead: a parenthesis or clause that names the lead — "（…牵头）", "（…负责）", "(… take the
  lead)", "(led by …)", "(responsible: …)", "(sous la direction de …)", "(… chef de file)",
  "(federführend: …)", "(… federführend)", "由…牵头" — gives the lead agencies and regions.
- Regions (whom the item is for): an item of a programme takes the programme's regions; a
  programme takes the provinces its heading names (else, later, the region most of its tasks
  are for); any other item takes the provinces its title names, else the provinces after a
  support verb ("support X to…", "支持X…", "soutenir X", "X unterstützen"), else its parent's;
  of a pairing of western and other provinces (京蒙协作), the western ones.
  A programme heading may name its province by a short-name slogan (科技入滇, 科技支宁, 援疆);
  a pairing with the eastern partner named first ("支持上海张江与昆明…", 沪滇) is for the west.
- German: genitive names (Xinjiangs, des Qinghai-Tibet-Plateaus) and declined bodies (der
  Chinesischen Akademie …) are read in their base form.
- Partners: the other provinces the item's own text names outside its lead clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coopwatch.text.variants import fold_traditional

COUNTED_KINDS = ("region", "zone", "group")
_LEAD = re.compile(
    r"[（(]\s*(?P<a>[^（）()]{2,400}?)\s*(?:牵头(?:负责)?|负责|分工负责|take[s]? the lead|are responsible|is responsible"
    r"|(?:sont |est )?(?:chefs? de file|pilotes?)|federführend|(?:sind |ist )?zuständig)"
    r"(?:[，,；;][^（）()]{0,200})?\s*[）)]"  # "（科技部牵头，教育部参与）": the rest takes part
    r"|[（(]\s*(?:led by|lead(?:ing)?(?: units?| agencies)?\s*:|responsible(?: units?| agencies)?\s*:|sous la direction de|pilotes?\s*:"
    r"|chefs? de file\s*:|responsables? principaux\s*:|unités? (?:pilotes?|responsables?)\s*:|federführende (?:stellen|einheiten)\s*:"
    r"|responsables?\s*:|federführend\s*:|federführung\s*:|verantwortlich\s*:|zuständig\s*:|牵头单位\s*[:：]|责任单位\s*[:：])"
    r"\s*(?P<b>[^（）()]{2,400}?)\s*[）)]"
    r"|由(?P<c>[^，,。；;（）()]{2,80}?)(?:牵头|负责)", re.I)
_SUPPORT = re.compile(r"(?:support(?:s|ing)?|encourag(?:e|es|ing)|help(?:s|ing)?|soutenir|soutient|appuyer|aider|unterstützen|"
                      r"unterstützt|fördern|支持|支援|推动|鼓励|帮助)\s*(?:the\s+|le\s+|la\s+|l'|les\s+|die\s+|der\s+|das\s+)?$", re.I)

_SUPPORT_AFTER = re.compile(r"\b(?:unterstützen|fördern|unterstützt|gefördert)\b", re.I)


@dataclass
class ItemEntities:
    regions: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    lead_agencies: list[str] = field(default_factory=list)
    lead_regions: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)


def find_spans(text: str, kinds=None, repairs=(), language: str | None = None) -> list:
    """Matcher spans of `text`, with repaired stretches read as their meaning."""
    from coopwatch.reference import matcher

    spans = matcher().find(text, kinds=set(kinds) if kinds else None)
    if kinds is None or "region" in kinds:
        spans = _prefer_provinces(text, spans)
    if language == "de" and (kinds is None or "region" in kinds):
        spans = sorted(spans + _german_genitives(text, spans), key=lambda s: s.start)
        spans = _german_compound_genitives(text, spans, kinds)
    if language == "de" and (kinds is None or {"agency", "institution"} & set(kinds)):
        spans = sorted(spans + _german_declined(text, spans, kinds), key=lambda s: s.start)
    return apply_repairs(spans, repairs, kinds)


def _prefer_provinces(text: str, spans: list) -> list:
    """A two-character place name that takes the first character of a province's name
    ("联合山东": 合山, a city in Guangxi, over 山东) gives way to the province: the matcher reads
    the leftmost name; a province named one character later is the better reading."""
    from coopwatch.reference import matcher

    out = []
    for s in spans:
        if s.kind == "region" and s.level != "province" and len(s.text) == 2 and _is_cjk_text(s.text):
            later = [f for f in matcher().find(text[s.start + 1:s.start + 12], kinds={"region"})
                     if f.start == 0 and f.level == "province" and f.end > s.end - s.start - 1]
            if later:
                from dataclasses import replace

                f = later[0]
                out.append(replace(f, start=s.start + 1, end=s.start + 1 + f.end, text=text[s.start + 1:s.start + 1 + f.end]))
                continue
        out.append(s)
    # a span the replacement now overlaps (the province's own span, if the matcher also had it)
    out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept, end = [], -1
    for x in out:
        if x.kind == "region" and kept and kept[-1].kind == "region" and x.start < end and x.start == kept[-1].start:
            continue
        kept.append(x)
        end = max(end, x.end)
    return kept


def _is_cjk_text(t: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in t)


def _german_compound_genitives(text: str, spans: list, kinds=None) -> list:
    """A hyphenated name in the genitive ("des Qinghai-Tibet-Plateaus") is the name without
    its -s: read whole, it replaces the shorter names inside it (the plateau is no province)."""
    from dataclasses import replace

    from coopwatch.reference import matcher

    out = list(spans)
    for m in re.finditer(r"\b([A-ZÄÖÜ][\w]+(?:-[A-ZÄÖÜ]?[\w]+)+?)(?:e?s)\b", text):
        stem = m.group(1)
        if "-" not in stem:
            continue
        found = matcher().find(stem, kinds=set(kinds) if kinds else None)
        whole = [f for f in found if f.start == 0 and f.end == len(stem)]
        if not whole:
            continue
        a, b = m.start(1), m.end(1)
        out = [s for s in out if not (a <= s.start and s.end <= b + 2)]
        out.append(replace(whole[0], start=a, end=b, text=stem))
    return sorted(out, key=lambda s: s.start)


def _german_genitives(text: str, spans: list) -> list:
    """German writes "Xinjiangs", "Qinghais" (genitive -s): the name before the -s, read by the
    matcher, as a span over the name."""
    from dataclasses import replace

    from coopwatch.reference import matcher

    taken = [(s.start, s.end) for s in spans]
    out = []
    for m in re.finditer(r"\b([A-Z][a-z]{3,})s\b", text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        found = matcher().find(m.group(1), kinds={"region"})
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(m.group(1)):
            out.append(replace(found[0], start=m.start(1), end=m.end(1)))
    return out


_DECLINED = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{2,}(?:isch|al|lich|ig|ein))(?:en|em|er|es)\b")


def _german_declined(text: str, spans: list, kinds=None) -> list:
    """German declines the adjectives of a body's name ("mit der Chinesischen Akademie der
    Agrarwissenschaften", "dem Nationalen Amt für …"): the name with its adjectives in the
    nominative (-e, -es, -er) is read by the matcher and placed over the declined words."""
    from dataclasses import replace

    from coopwatch.reference import matcher

    hits = list(_DECLINED.finditer(text))
    if not hits:
        return []
    taken = [(s.start, s.end) for s in spans]
    out = []
    for ending in ("e", "es", "er"):
        parts, where, pos = [], [], 0  # the nominative copy and, for each of its characters, the original offset
        for m in hits:
            parts.append(text[pos:m.end(1)])
            where.extend(range(pos, m.end(1)))
            parts.append(ending)
            where.extend([m.end(1)] * len(ending))
            pos = m.end()
        parts.append(text[pos:])
        where.extend(range(pos, len(text)))
        copy = "".join(parts)
        for s in matcher().find(copy, kinds={"agency", "institution"} & set(kinds or ("agency", "institution"))):
            a, b = where[s.start], where[s.end - 1] + 1
            while b < len(text) and text[b - 1:b + 1].isalpha() and text[b].isalpha() and s.end < len(copy) \
                    and not copy[s.end].isalpha():
                b += 1  # the declined ending of the last word belongs to the span
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            out.append(replace(s, start=a, end=b, text=text[a:b]))
    return out


def apply_repairs(spans: list, repairs, kinds=None) -> list:
    """Drop spans under a repaired stretch; add the spans its meaning names."""
    if not repairs:
        return spans
    import bisect

    starts = [s.start for s in spans]
    hidden = set()
    for r in repairs:  # spans overlapping a repaired stretch (sorted spans: a short window each)
        i = bisect.bisect_left(starts, r.start) - 1
        while i < len(spans) and (i < 0 or spans[i].start < r.end):
            if i >= 0 and r.start < spans[i].end and spans[i].start < r.end:
                hidden.add(i)
            i += 1
    out = [s for i, s in enumerate(spans) if i not in hidden]
    for r in repairs:
        for s in r.substitute:
            if kinds is None or s.kind in kinds:
                out.append(s)
    return sorted(out, key=lambda s: s.start)


def find_entities(text: str, repairs=(), language: str | None = None) -> dict:
    """Document-level names: provinces named, places, agencies, domains (for news items too)."""
    spans = find_spans(text, repairs=repairs, language=language)
    provinces: list[str] = []
    for s in spans:
        _add(provinces, provinces_of(s))
    return {"regions": provinces, "places": places_of(spans),
            "agencies": _ids(spans, "agency"), "domains": _ids(spans, "domain"), "spans": spans}


def provinces_of(span) -> list[str]:
    """Provinces a span counts for (none for landforms, macro-regions, companies)."""
    if span.kind not in COUNTED_KINDS:
        return []
    if span.province:
        return [span.province]
    if span.kind == "group":
        from coopwatch.reference import gazetteer

        return gazetteer().members(span.id)
    return []


def places_of(spans) -> list[dict]:
    """Places below province level (prefectures, counties, zones, single-province groups)."""
    out, seen = [], set()
    for s in spans:
        if s.kind not in COUNTED_KINDS or not s.province or s.level == "province":
            continue
        key = (s.text, s.id)
        if key in seen:
            continue
        seen.add(key)
        code = s.id if re.fullmatch(r"\d{6}", s.id or "") else None
        out.append({"name": s.text, "code": code, "province": s.province})
    return out


def lead_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lead parentheses in `text`."""
    out = []
    for m in _LEAD.finditer(fold_traditional(text)):  # same length: offsets hold
        g = next(k for k in ("a", "b", "c") if m.group(k) is not None)
        start, end = m.start(g), m.end(g)
        helpers = _HELPERS.search(m.group(g))  # "led by MOST, with MOE": MOE takes part, not the lead
        out.append((start, start + helpers.start() if helpers else end))
    return out


_HELPERS = re.compile(r"[，,;；]?\s*(?:\b(?:together with|with the participation of|with|in cooperation with|avec|"
                      r"en coopération avec|unter beteiligung|gemeinsam mit|mit)\b|参与|配合)", re.I)


def read_item(text: str, spans: list, title_len: int, inherited: list[str] | None = None,
              fixed_regions: list[str] | None = None) -> ItemEntities:
    """Roles of the names in one item's own text (spans: offsets into `text`)."""
    ent = ItemEntities()
    leads = lead_clauses(text)
    in_lead = lambda s: any(a <= s.start and s.end <= b for a, b in leads)
    for s in spans:
        if s.kind == "agency":
            _add(ent.agencies, [s.id])
            if in_lead(s):
                _add(ent.lead_agencies, [s.id])
        elif s.kind == "domain":
            _add(ent.domains, [s.id])
        elif in_lead(s):
            _add(ent.lead_regions, provinces_of(s))
    ent.places = places_of([s for s in spans if not in_lead(s)])
    if fixed_regions is not None:
        ent.regions = list(fixed_regions)
    else:
        ent.regions = subject_regions(text, spans, title_len, leads) or list(inherited or [])
    for s in spans:
        if not in_lead(s):
            _add(ent.partners, [p for p in provinces_of(s) if p not in ent.regions])
    return ent


# The other side of a cooperation: a name right after these words is a partner, never whom the
# item is for ("与京津冀地区合作", "联合山东、河南", "with Hangzhou", "avec le Zhejiang", "mit Tianjin",
# "enterprises from Jiangsu", "Unternehmen aus Zhejiang"). A list of names after the word
# ("联合山东、河南、江苏") shares its role.
_PARTNER_BEFORE = re.compile(
    r"(?:与|同|联合|携手|引进|吸引|对接|会同|(?<![a-z])(?:together with|jointly with|in cooperation with|in partnership with"
    r"|paired with|cooperat\w* with|work\w* with|with|from|avec|en coopération avec|en partenariat avec|jumelée? avec"
    r"|gemeinsam mit|zusammen mit|mit|aus))"
    r"\s*(?:the\s+|le\s+|la\s+|l['’]|les\s+|des\s+|du\s+|der\s+|dem\s+|den\s+|partners?\s+(?:in|from)\s+|partenaires?\s+(?:du|de|de la)\s+"
    r"|enterprises\s+(?:in|from)\s+|entreprises\s+(?:du|de)\s+|unternehmen\s+aus\s+|partnern\s+aus\s+)?$", re.I)
_LIST_GAP = re.compile(r"^\s*(?:[、,，/]|和|及|与|and|et|und|&)?\s*(?:the\s+|le\s+|la\s+|l['’])?$", re.I)


def partner_marked(text: str, spans: list) -> set[int]:
    """Indices of the counted spans named as the other side of a cooperation (see above)."""
    out: set[int] = set()
    prev = None
    for i, s in enumerate(spans):
        if s.kind not in COUNTED_KINDS:
            continue
        before = fold_traditional(text[max(0, s.start - 40):s.start])
        if _PARTNER_BEFORE.search(before):
            out.add(i)
        elif prev is not None and prev in out and _LIST_GAP.match(text[spans[prev].end:s.start]):
            out.add(i)
        prev = i
    return out


def programme_regions(text: str, spans: list, title_len: int, language: str, home: str | None = None) -> list[str]:
    """Whom a programme is for: the provinces its heading names (not those named as partners),
    by a short-name slogan in zh (科技入滇); of a pairing, the western ones; else, in a plan a
    province issued for itself, that province. Empty when none of these: the caller may then
    take the region most of its tasks are for."""
    partners = partner_marked(text, spans)
    heading = [p for i, s in enumerate(spans) if s.end <= title_len and i not in partners for p in provinces_of(s)]
    if not heading and language == "zh":
        heading = slogan_provinces(text[:title_len])
    own = beneficiaries(list(dict.fromkeys(heading)))
    if home and (not own or (home in own and len(own) > 1)):
        own = [home]  # 成渝 in Sichuan's own plan: the others are its partners
    return own


def plan_home(title: str | None, title_spans: list, issuer_agencies: list[str], issuer_regions: list[str]) -> str | None:
    """The province a plan is for when one province issued it for itself (a provincial action
    plan, a province's implementation plan of a national one): the one issuing region, or
    the one province its title names outside a partner clause, when no national body issued it."""
    if issuer_agencies or len(issuer_regions) > 1:
        return None
    if issuer_regions:
        return issuer_regions[0]
    partners = partner_marked(title or "", title_spans)
    named = list(dict.fromkeys(p for i, s in enumerate(title_spans) if i not in partners for p in provinces_of(s)))
    return named[0] if len(named) == 1 else None


def subject_regions(text: str, spans: list, title_len: int, leads=()) -> list[str]:
    """Provinces the item is for: named in its title, else after a support verb (never a name
    given as the other side of a cooperation)."""
    partners = partner_marked(text, spans)
    named = [s for s in spans if s.kind in COUNTED_KINDS and not any(a <= s.start and s.end <= b for a, b in leads)]
    counted = [s for i, s in enumerate(spans) if s.kind in COUNTED_KINDS and i not in partners
               and not any(a <= s.start and s.end <= b for a, b in leads)]
    in_title = [s for s in counted if s.end <= title_len]
    out: list[str] = []
    if in_title:
        _add(out, provinces_of(in_title[0]))
        return _paired_west(out, in_title[1:]) or beneficiaries(out)
    for s in counted:
        if _SUPPORT.search(fold_traditional(text[max(0, s.start - 30):s.start])):
            _add(out, provinces_of(s))
            # "支持上海张江与昆明高新区共建…": the pair named after the verb is for its western member
            clause_end = re.search(r"[，,。；;.!?！？]", text[s.end:])
            rest = [o for o in named if s.end <= o.start and (clause_end is None or o.end <= s.end + clause_end.start())]
            return _paired_west(out, rest) or beneficiaries(out)
    # German puts the verb last: "Sichuan und Chongqing beim Aufbau … unterstützen"
    first_sentence = re.split(r"[.。;!?]\s", text, maxsplit=1)[0]
    if _SUPPORT_AFTER.search(first_sentence):
        for s in counted:
            if s.end <= len(first_sentence):
                _add(out, provinces_of(s))
    if not out:
        # a pairing named as one word (沪滇, 闽宁, "Fujian-Ningxia") is for its western member
        for s in counted:
            members = provinces_of(s) if s.kind == "group" else []
            west = beneficiaries(members)
            if len(members) >= 2 and west != members:
                return west
    return out


# A heading slogan that names a province by its one-character short name: 科技援疆, 科技入滇,
# 科技支宁, 科技兴蒙, 援青. The matcher does not read single characters in free text (too many
# common words); inside this slogan form the character can only be the province.
_SLOGAN = re.compile(r"科技(?:援|支|入|兴|助|进|惠|帮)(?P<a>[^\W\d_])|(?<![增支救声])援(?P<b>[^\W\d_])")


def slogan_provinces(title: str) -> list[str]:
    """Provinces a heading names by short name in a slogan ("实施“科技入滇”" → Yunnan)."""
    from coopwatch.text.repairs import short_names

    short = short_names()
    out: list[str] = []
    for m in _SLOGAN.finditer(fold_traditional(title)):
        ch = m.group("a") or m.group("b")
        if ch in short:
            _add(out, [short[ch]])
    return out


def _paired_west(first: list[str], others: list) -> list[str]:
    """When the first-named province is not western and a western one is named with it (the
    eastern partner named first: "上海与云南…"), the western ones."""
    names = list(first)
    for o in others:
        _add(names, provinces_of(o))
    west = beneficiaries(names)
    return west if west != names and not set(west) & set(first) else []


def beneficiaries(provinces: list[str]) -> list[str]:
    """Of a pairing that joins western and other provinces (京蒙, "Guangdong–Guizhou"), the
    western ones are those the cooperation is for; the others are their partners."""
    if len(provinces) < 2:
        return provinces
    from coopwatch.reference import gazetteer

    g = gazetteer()
    west = [p for p in provinces if (g.get(p) and g.get(p).macro_region) == "west"]
    return west if west and len(west) < len(provinces) else provinces


def _ids(spans, kind) -> list[str]:
    out: list[str] = []
    for s in spans:
        if s.kind == kind:
            _add(out, [s.id])
    return out


def _add(lst: list, values) -> None:
    for v in values:
        if v and v not in lst:
            lst.append(v)
