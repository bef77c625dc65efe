"""Document fields of a plan: title, issue date, issuers, kind.

Method.
- Title: the last heading-like line (short, no sentence end) that names a kind of policy
  document (plan, opinions, circular, 方案, 规划, 意见, 通知, plan d'action, Umsetzungsplan...)
  before the first numbered item — the plan's own heading, after any news lead or circular;
  else the first line.
- Issuers: the signature block — a run of agency names (and "X People's Government") with only
  separators between them, right before a date; that date is the issue date. Without one, the
  sentence with an issuing verb (issued, formulated, 印发, 制定, publié, herausgegeben) that
  names the most agencies; else a single body named at the head ("科技部关于印发…", "Issued by
  the Ministry of …"). When the text says how many departments issued it ("nine
  departments", "九部门") and fewer were found, a sentence listing at least that many agencies
  including those found completes the list (a translation may lose one name in the signature).
- Kind: "plan" when the text has a policy-document title or issuers and a numbered structure
  beyond bare sections; "article" for other running text (three sentences, or one of some
  length); "other" when there is hardly any (a menu, a table, a list of names).
"""

from __future__ import annotations

import re

from coopwatch.text.variants import fold_traditional
from coopwatch.text.structure import chinese_number

_DOC_WORDS = re.compile(
    r"方案|规划|计划|意见|通知|纲要|办法|措施|决定|规定|指导意见|實施方案|規劃|計劃|意見|通知"
    r"|细则|条例|协议|实施细则|纲要|細則|條例|協議"
    r"|\b(?:plan|programme|program|scheme|opinions?|guidelines?|circular|notice|measures|outline|strategy|action plan"
    r"|regulations?|rules|agreement)\b"
    r"|\b(?:plan d['’]action|programme|avis|orientations|circulaire|schéma|mesures|règlement|accord|objectifs)\b"
    r"|(?:plan|programm|stellungnahme|leitlinie|maßnahme|rundschreiben|umsetzungsplan|aktionsplan|strategie|mitteilung"
    r"|richtlinie|vereinbarung|verordnung|zielvorgabe)(?:e|n|en|s)?\b", re.I)
_MONTHS = {m: i + 1 for i, m in enumerate("january february march april may june july august september october november december".split())}
_MONTHS.update({m: i + 1 for i, m in enumerate("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())})
_MONTHS.update({m: i + 1 for i, m in enumerate("januar februar märz april mai juni juli august september oktober november dezember".split())})
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
                "fevrier": 2, "aout": 8, "decembre": 12, "maerz": 3})
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CN_DIGIT = "〇零一二三四五六七八九十"
_CN_YEAR_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_DATE = re.compile(
    rf"(?P<zy>\d{{4}})\s*年\s*(?P<zm>\d{{1,2}})\s*月\s*(?P<zd>\d{{1,2}})\s*日"
    rf"|(?P<cy>[{_CN_DIGIT}]{{4}})年(?P<cm>[{_CN_DIGIT}]{{1,2}})月(?P<cd>[{_CN_DIGIT}]{{1,3}})日"
    rf"|\b(?P<em>{_MONTH_RE})\.?\s+(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ey>\d{{4}})\b"
    rf"|\b(?P<fd>\d{{1,2}}|1er)\.?\s+(?P<fm>{_MONTH_RE})\s+(?P<fy>\d{{4}})\b"
    rf"|\b(?P<iy>20\d\d|19\d\d)-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})\b", re.I)
_ISSUING = re.compile(
    r"印发|发布|制定|联合|issued?|formulated|promulgated|jointly|released|publié|publiée|élaboré|émis|herausgegeben|veröffentlicht"
    r"|erlassen|gemeinsam", re.I)
_GOVERNMENT = re.compile(
    r"^\s*(?:City|Province|Municipality|Autonomous Region|Municipal|Provincial|Autonomous Regional)?\s*"
    r"(?:Municipal |Provincial |Regional )?People['’]s Government|^\s*(?:省|市|自治区)?人民政府"
    r"|^\s*(?:gouvernement populaire|volksregierung)|^\s*\(?(?:la )?(?:municipalité|province)", re.I)
# French and German name the government before its region: "le gouvernement populaire de la
# municipalité de Chongqing", "den Volksregierungen der Stadt Chongqing und der Provinz Sichuan".
_GOVERNMENT_BEFORE = re.compile(r"(?:gouvernements? populaires?|volksregierung(?:en)?)\b[^,;.()]{0,50}$", re.I)
_COUNT = re.compile(
    r"(?:other\s+)?(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|treize|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"
    r"|[二三四五六七八九十]{1,3})\s*(?:other\s+)?(?:departments|ministries|agencies|départements|ministères|ministerien|behörden|abteilungen|ressorts|部门|部委|单位)", re.I)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}
_NUMBER_WORDS.update({w: i + 2 for i, w in enumerate("deux trois quatre cinq six sept huit neuf dix onze douze treize".split())})
_NUMBER_WORDS.update({w: i + 2 for i, w in enumerate("zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split())})


def parse_date(m: re.Match) -> str | None:
    g = m.groupdict()
    try:
        if g["zy"]:
            y, mo, d = int(g["zy"]), int(g["zm"]), int(g["zd"])
        elif g["cy"]:
            y = int("".join(str(_CN_YEAR_DIGITS[c]) for c in g["cy"]))
            mo, d = chinese_number(g["cm"]), chinese_number(g["cd"])
        elif g["em"]:
            y, mo, d = int(g["ey"]), _MONTHS[g["em"].lower()], int(g["ed"])
        elif g["fm"]:
            y, mo, d = int(g["fy"]), _MONTHS[g["fm"].lower()], 1 if g["fd"].lower() == "1er" else int(g["fd"])
        else:
            y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    except (KeyError, ValueError, TypeError):
        return None
    if not (1949 <= y <= 2100 and mo and 1 <= mo <= 12 and d and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_title(text: str, first_item: int) -> str | None:
    """The document's own heading (see the module docstring)."""
    lines = [(m.start(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", text)]
    candidates = [s for pos, s in lines if pos < first_item and 4 <= len(s) <= 200 and _DOC_WORDS.search(fold_traditional(s))
                  and not re.search(r"[。.!?:：;；]\s*$", s)]
    if candidates:
        return _tidy_title(candidates[-1])
    for _, s in lines:
        if s:
            return _tidy_title(s[:200])
    return None


def _tidy_title(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def find_issuers(text: str, spans: list, first_item: int | None = None) -> tuple[list[str], list[str], str | None]:
    """(agency ids, region codes, issue date) from the signature block or an issuing sentence."""
    agencies, regions, issued = _signature(text, spans)
    if not agencies and not regions and first_item is not None:
        agencies, regions, head_date = _head_signature(text, spans, first_item)
        issued = issued or head_date
    if not agencies and not regions:
        agencies, regions = _issuing_sentence(text, spans)
    if not agencies and not regions:
        agencies = _single_issuer(text, spans)
    if issued is None:
        issued = _issuing_date(text)
    n = _stated_count(text)
    if n and len(agencies) < n:
        for a, b in _sentences(text):
            found = _agencies_in(spans, a, b)
            if len(found) >= n and set(agencies) <= set(found):
                agencies = list(dict.fromkeys(agencies + found))
                break
    return agencies, regions, issued


# A region's own department signing ("云南省科学技术厅", "上海市科学技术委员会", "四川省发展和改革委员会").
_DEPARTMENT = r"(?:人民政府|[\u4e00-\u9fff]{0,10}?(?:厅|委员会|局|委|办公室))"
_REGION_BODY = re.compile(rf"^\s*{_DEPARTMENT}")


def _signature(text: str, spans: list):
    agency_like = [s for s in spans if s.kind == "agency" or (s.kind == "region" and (
        _GOVERNMENT.match(text[s.end:s.end + 40]) or _REGION_BODY.match(text[s.end:s.end + 16])))]
    for m in _DATE.finditer(text):
        date = parse_date(m)
        if date is None:
            continue
        chain, pos = [], m.start()
        for s in reversed([s for s in agency_like if s.end <= m.start()]):
            gap = text[s.end:pos]
            if len(gap) > 60 or not re.fullmatch(r"[\s,，、;；/|·]*(?:(?:and|et|und|of the|de la|der|和|及|与)[\s,，、]*)?"
                                                  r"(?:(?:City|Province|Municipal|Provincial)?\s*(?:People['’]s Government)?|(?:省|市)?人民政府"
                                                  rf"|{_DEPARTMENT})?"
                                                  r"[\s,，、;；]*"
                                                  # names the matcher does not know (a local body, a damaged name)
                                                  r"(?:(?<=[\s,，、;；])[\u4e00-\u9fff]{2,8}[\s,，、;；]+){0,2}", gap, re.I):
                break
            chain.append(s)
            pos = s.start
        if len(chain) >= 2:  # two signing bodies (ministries, governments, provincial departments) over a date
            chain.reverse()
            agencies = list(dict.fromkeys(s.id for s in chain if s.kind == "agency"))
            regions = list(dict.fromkeys(s.province for s in chain if s.kind == "region" and s.province))
            return agencies, regions, date
    return [], [], None


# A body of a region ("甘肃省科学技术厅", "Department of Science and Technology of Ningxia",
# "Département des sciences et technologies du Guizhou", "Abteilung für Wissenschaft und
# Technologie der Provinz Qinghai", "People's Government of Chongqing Municipality").
_BODY_WORDS = re.compile(r"厅|委员会|局|人民政府|办公厅|政府|\b(?:department|commission|government|bureau|office|département"
                         r"|gouvernement|abteilung|volksregierung|kommission|büro|amt)\b", re.I)


def _head_signature(text: str, spans: list, first_item: int):
    """The issuers and date of a plan's head: the first line before the first item that holds
    a date, with the agencies and region bodies on it and on the lines just above it (up to
    the title or a finished sentence). One signing body is enough here."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[:first_item])]
    for k, (a, b) in enumerate(lines):
        dates = [d for d in (parse_date(m) for m in _DATE.finditer(text, a, b)) if d]
        if not dates or b - a > 200:
            continue
        block = [(a, b)]
        for a2, b2 in reversed(lines[max(0, k - 4):k]):
            line = text[a2:b2].strip()
            if re.search(r"[。.!?:：;；]\s*$", line) or _DOC_WORDS.search(fold_traditional(line)):
                break
            block.append((a2, b2))
        agencies, regions = [], []
        for a2, b2 in reversed(block):
            line = text[a2:b2]
            for s in spans:
                if a2 <= s.start < b2:
                    if s.kind == "agency" and s.id not in agencies:
                        agencies.append(s.id)
                    elif s.kind == "region" and s.province and _BODY_WORDS.search(line) and s.province not in regions:
                        regions.append(s.province)
        if not agencies and not regions:
            regions = _unnamed_region_body(text, spans, lines[:k], block)
        return agencies, regions, dates[0]
    return [], [], None


# A region's body named without the region ("自治区科技厅", "省人民政府办公厅"): the region is the
# one province the title above it names.
_UNNAMED_BODY = re.compile(r"^\s*(?:省|市|自治区|全省|全区)(?:人民政府|[\u4e00-\u9fff]{0,10}?(?:厅|委员会|局|委|办公室))\s*$")


def _unnamed_region_body(text: str, spans: list, above: list, block: list) -> list[str]:
    if not any(_UNNAMED_BODY.match(text[a:b]) for a, b in block):
        return []
    for a, b in reversed(above):
        if _DOC_WORDS.search(fold_traditional(text[a:b])):
            named = list(dict.fromkeys(s.province for s in spans if a <= s.start < b and s.kind == "region" and s.province))
            return named if len(named) == 1 else []
    return []


# A single issuing body at the head of the document: "科技部关于印发…", "Issued by the Ministry of
# …", "publié par le ministère …", "herausgegeben vom Ministerium …".
_ISSUED_BY = re.compile(r"关于印发|关于发布|印发了|issued by|promulgated by|publié(?:e)? par|émis par|herausgegeben (?:vom|von)"
                        r"|erlassen (?:vom|von)", re.I)


def _single_issuer(text: str, spans: list) -> list[str]:
    head = text[:3000]
    for m in _ISSUED_BY.finditer(head):
        if m.group(0).startswith(("关于", "印发")):
            window = (max(0, m.start() - 30), m.start())  # the body named before the verb
            found = [s for s in spans if window[0] <= s.start and s.end <= window[1] and s.kind == "agency"]
            found = found[-1:]
        else:
            window = (m.end(), m.end() + 80)
            found = [s for s in spans if window[0] <= s.start < window[1] and s.kind == "agency"][:1]
        if found:
            return [found[0].id]
    return []


def _issuing_date(text: str) -> str | None:
    """A dated sentence that says the document was issued ("印发于2022年3月3日", "issued on …")."""
    for a, b in _sentences(text[:50_000]):
        sentence = text[a:b]
        if re.search(r"印发|发布|issued|promulgated|publié|herausgegeben|veröffentlicht", sentence, re.I):
            for m in _DATE.finditer(sentence):
                date = parse_date(m)
                if date:
                    return date
    return None


def _issuing_sentence(text: str, spans: list):
    best, best_n = ([], []), 1
    for a, b in _sentences(text):
        if not _ISSUING.search(text[a:b]):
            continue
        found = _agencies_in(spans, a, b)
        if len(found) > best_n:
            regions = [s.province for s in spans if a <= s.start < b and s.kind == "region" and s.province
                       and (_GOVERNMENT.match(text[s.end:s.end + 40])  # rare: only for a better sentence
                            or _GOVERNMENT_BEFORE.search(text[max(a, s.start - 70):s.start]))]
            best, best_n = (found, list(dict.fromkeys(regions))), len(found)
    return best


def _agencies_in(spans, a, b) -> list[str]:
    import bisect

    starts = _starts(spans)
    lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
    return list(dict.fromkeys(s.id for s in spans[lo:hi] if s.kind == "agency"))


_STARTS_CACHE: dict[int, list[int]] = {}


def _starts(spans) -> list[int]:
    key = id(spans)
    if key not in _STARTS_CACHE or len(_STARTS_CACHE[key]) != len(spans):
        _STARTS_CACHE.clear()
        _STARTS_CACHE[key] = [s.start for s in spans]
    return _STARTS_CACHE[key]


def _sentences(text: str):
    pos = 0
    for m in re.finditer(r"[。！？!?\n]|(?<!\b\d)(?<!\b\d\d)\.(?=\s)", text):  # not "am 3. März"
        yield pos, m.end()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def _stated_count(text: str) -> int | None:
    m = _COUNT.search(text[:20000])
    if not m:
        return None
    raw = m.group("n").lower()
    if raw.isdigit():
        return int(raw)
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    return chinese_number(raw)


def document_kind(text: str, title: str | None, n_items: int, n_structured: int, has_issuers: bool) -> str:
    """plan | article | other (see the module docstring)."""
    plan_title = bool(title and _DOC_WORDS.search(fold_traditional(title)))
    if n_structured >= 3 and (plan_title or has_issuers):
        return "plan"
    sentences = len(re.findall(r"[。！？!?]|\.(?=\s|$)", text))
    long_enough = len(text) >= 80 or len(re.findall(r"[\u4e00-\u9fff]", text)) >= 40  # a Chinese character says more
    if sentences >= 3 or (sentences >= 1 and long_enough):
        return "article"  # running text: a news item or an analysis
    return "other"


def document_fields(text: str, spans: list, first_item: int) -> dict:
    """title, issued, issuers of a clean text (spans: the matcher's spans of it)."""
    title = find_title(text, first_item)
    agencies, regions, issued = find_issuers(fold_traditional(text), spans, first_item)  # same length: spans hold
    return {"title": title, "issued": issued, "issuers": {"agencies": agencies, "regions": regions}}
