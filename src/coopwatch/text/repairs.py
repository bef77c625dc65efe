"""What a text says differently from what it means; each repair is listed and read as meant.

Kinds and methods:
- mistranslation, slogan rendered word by word: Chinese slogans name a province by its
  one-character short name (援青 "aid Qinghai", 科技支宁 "support Ningxia"); machine
  translation renders the character by its common meaning ("aid the Youth"). A support verb
  followed by the gloss of a province's short name, inside a slogan (quoted, or after "science and
  technology"), is read as that province. The short names come from the gazetteer; the glosses
  are a small translation table here (what the characters mean, not names).
- mistranslation, confusable province: in a translated text (not zh), a province named inside
  an item that is for another region, whose name is close in spelling (rapidfuzz ratio ≥ 70 on
  folded Latin names) to a grouping, prefecture or zone of that region — "Hubei" for Hubao'e
  (呼包鄂) in Inner Mongolia, "Hainan" for Hainan prefecture in Qinghai — is read as that one.
- mistranslation, known machine-translation confusions of place names ("Hercynian" for 海西
  Haixi): a short table of wrong words and the Chinese name they stand for.
- ticker_injection: a listed company's name with its stock code ("Inner Mongolia Xingye Mining
  (000426)", "兴业矿业(000426)") pasted into running text where a site linked a word; the
  places in the company name are not read, and the common word it replaced is given as the
  meaning: a domain the name holds ("Tianqi Lithium" → lithium), else its business word
  ("Xingye Mining" → mining).
- replace_damage: a find-and-replace run over the whole text leaves its replacement inside
  unrelated words ("pArticleicipation"): a capital letter inside a lower-case word. The
  inserted string is what the damaged words share from their capital on (or, for a single one,
  the longest start of it that is a word of the text); the string it replaced is learnt from
  a damaged word whose repair is a word of the text ("participation" → "art"), and then
  applied to all ("pArticleners" → "partners"); without one the insertion is marked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

# What the one-character short names of provinces mean as common words (en, fr, de).
SHORT_NAME_GLOSSES = {
    "青": ["youth", "young", "the young", "green", "blue", "jeunesse", "jeunes", "jugend", "die jugend"],
    "宁": ["peace", "tranquility", "tranquillity", "calm", "paix", "frieden", "ruhe"],
    "甘": ["sweet", "sweetness", "doux", "süß"],
    "藏": ["hide", "hidden", "store", "storage", "treasure", "cacher", "verstecken"],
    "疆": ["border", "borders", "frontier", "frontiers", "frontière", "frontières", "grenze", "grenzen"],
    "黔": ["black", "noir", "schwarz"],
    "桂": ["osmanthus", "laurel", "cassia", "cinnamon", "laurier", "lorbeer", "zimt"],
    "川": ["river", "rivers", "stream", "fleuve", "rivière", "fluss"],
    "冀": ["hope", "hopes", "wish", "espoir", "hoffnung"],
    "吉": ["luck", "good luck", "lucky", "auspicious", "chance", "glück"],
    "云": ["cloud", "clouds", "nuage", "nuages", "wolke", "wolken"],
    "琼": ["jade", "fine jade"],
    "晋": ["advance", "promotion", "avancer", "vorrücken"],
    "豫": ["comfort", "happiness", "confort", "glück"],
    "苏": ["revival", "revive", "resurrection", "réveil", "wiederbelebung"],
    "京": ["capital", "the capital", "capitale", "hauptstadt"],
    "津": ["ford", "ferry", "gué", "furt"],
    "辽": ["distant", "far", "lointain", "fern"],
    "贵": ["noble", "expensive", "precious", "cher", "teuer", "edel"],
}
# Known machine-translation confusions of place names: wrong word -> the Chinese name meant.
MT_CONFUSIONS = {"hercynian": "海西", "hercynien": "海西", "herzynisch": "海西", "herzynischen": "海西"}

_AID_VERB = (r"aid(?:s|ing|ed)?|assist(?:s|ing|ance to)?|support(?:s|ing)?|help(?:s|ing)?|into|enter(?:s|ing)?|revitaliz(?:e|es|ing)"
             r"|aider|aide (?:à|aux?)|soutenir|soutien (?:à|aux?)|hilfe für|helfen|unterstützung (?:für|der|des)|unterstützen")
_SLOGAN_CONTEXT = re.compile(r"(?:science and technology|technolog|scientifique|wissenschaft|科技|[\"“'‘«„])[^.。;]{0,40}$", re.I)
_TICKER = re.compile(
    r"(?P<name>(?:[A-Z][\w'&.\-]*\s+){0,6}[A-Z][\w'&.\-]*|[\u4e00-\u9fff]{2,10})\s*[（(]\s*"
    r"(?P<code>\d{6}(?:\.(?:SH|SZ|BJ|SS))?|(?:SH|SZ|BJ)\s?\d{6})\s*[）)]")
_BUSINESS_WORDS = re.compile(
    r"\b(?:mining|minerals?|group|co\.?|company|ltd\.?|limited|holdings?|technology|technologies|energy|chemicals?|industrial"
    r"|industry|resources|pharmaceuticals?|bank|corp\.?|corporation|inc\.?|development|new|materials?|science|&|and)\b"
    r"|矿业|集团|股份|科技|能源|化工|实业|控股|药业|银行|有限公司|公司|资源|材料|发展", re.I)
_CAMEL_INFIX = re.compile(r"\b([a-z]+)[A-Z][a-zA-Z]*\b")


@dataclass
class Repair:
    kind: str
    found: str
    meaning: str
    start: int
    end: int
    substitute: list = field(default_factory=list)   # matcher spans standing for the meaning

    def as_dict(self, to_original=None) -> dict:
        offset = to_original(self.start) if to_original else self.start
        return {"kind": self.kind, "found": self.found, "meaning": self.meaning, "offset": offset}


def _spans_for(name: str, start: int, end: int, found: str) -> list:
    """Matcher spans of `name`, placed over the repaired stretch."""
    from coopwatch.reference import matcher

    return [replace(s, start=start, end=end, text=found) for s in matcher().find(name)]


def _short_names() -> dict[str, str]:
    return short_names()


@lru_cache(maxsize=1)
def short_names() -> dict[str, str]:
    """One-character short name -> province code, from the gazetteer."""
    from coopwatch.reference import gazetteer

    out = {}
    for p in gazetteer().provinces():
        for n in p.names.get("zh", ()):
            if len(n) == 1 and n not in out:
                out[n] = p.code
    return out


def find_repairs(text: str, language: str) -> list[Repair]:
    """Repairs found in the text alone (slogans, known confusions, tickers, replace damage)."""
    repairs: list[Repair] = []
    if language != "zh":
        repairs += slogan_repairs(text)
        repairs += confusion_repairs(text)
        repairs += replace_damage_repairs(text)
    repairs += ticker_repairs(text)
    repairs.sort(key=lambda r: r.start)
    return repairs


@lru_cache(maxsize=1)
def _slogan_pattern():
    """The slogan regex and gloss -> short-name table (built once per process)."""
    short = _short_names()
    gloss_to_char = {}
    for ch, glosses in SHORT_NAME_GLOSSES.items():
        if ch in short:
            for g in glosses:
                gloss_to_char.setdefault(g, ch)
    if not gloss_to_char:
        return None, {}, short
    alts = "|".join(sorted((re.escape(g) for g in gloss_to_char), key=len, reverse=True))
    rx = re.compile(rf"\b(?P<verb>{_AID_VERB})\s+(?:the\s+|la\s+|le\s+|les\s+|l'|die\s+|der\s+|den\s+)?(?P<g>{alts})\b"
                    r"(?=\s*(?:[\"”’'»“]|and\b|et\b|und\b|to\b|,|\.|。|$))", re.I)
    return rx, gloss_to_char, short


def slogan_repairs(text: str) -> list[Repair]:
    from coopwatch.reference import gazetteer

    rx, gloss_to_char, short = _slogan_pattern()
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        if not _SLOGAN_CONTEXT.search(text[max(0, m.start() - 60):m.start() + 1]) and not re.search(r"[\"“”'’«»]", text[max(0, m.start() - 3):m.start()]):
            continue
        ch = gloss_to_char[m.group("g").lower()]
        code = short[ch]
        info = gazetteer().get(code)
        verb_zh = "援"
        start, end = m.start("verb"), m.end("g")
        meaning = f"{verb_zh}{ch} ({info.name_en if info else code})"
        subs = [s for s in _spans_for(info.name_zh if info else ch, start, end, text[start:end])]
        out.append(Repair("mistranslation", text[start:end], meaning, start, end, subs))
    return out


def confusion_repairs(text: str) -> list[Repair]:
    out = []
    for m in re.finditer(r"\b[A-Za-zÀ-ÿ]+\b", text):
        zh = MT_CONFUSIONS.get(m.group(0).lower())
        if zh:
            subs = _spans_for(zh, m.start(), m.end(), m.group(0))
            name = subs[0].id if subs else zh
            out.append(Repair("mistranslation", m.group(0), f"{zh} ({_name_en(name) or zh})", m.start(), m.end(), subs))
    return out


def _name_en(code: str) -> str | None:
    from coopwatch.reference import gazetteer

    info = gazetteer().get(code)
    return info.name_en if info else None


def ticker_repairs(text: str) -> list[Repair]:
    from coopwatch.reference import matcher

    out = []
    for m in _TICKER.finditer(text):
        name = m.group("name")
        start = m.start("name")
        # in Chinese the name runs on from the preceding words; keep the company span if known
        if re.match(r"[\u4e00-\u9fff]", name):
            companies = [s for s in matcher().find(text[max(0, m.start("code") - 20):m.start("code")], kinds={"company"})]
            if companies:
                c = companies[-1]
                start = max(0, m.start("code") - 20) + c.start
                name = text[start:m.start("code")].rstrip("（( ")
            else:
                name = name[-4:]
                start = m.start("code") - 1 - len(name)
        before, after = text[max(0, start - 20):start], text[m.end():m.end() + 20]
        running = re.search(r"[a-z\u4e00-\u9fff,，]\s*$", before) and re.match(r"\s*[,，;；]?\s*[a-z\u4e00-\u9fff]", after)
        if not running:
            continue
        out.append(Repair("ticker_injection", text[start:m.end()], _replaced_word(name), start, m.end(), []))
    return out


COUNTED_PLACE_KINDS = ("region", "zone", "group", "macro", "landform")
_LEGAL_FORMS = re.compile(r"\b(?:group|co\.?|company|ltd\.?|limited|holdings?|corp\.?|corporation|inc\.?|plc|s\.?a\.?|ag|gmbh)\b"
                          r"|集团|股份|有限公司|公司|控股", re.I)


def _replaced_word(name: str) -> str:
    """The common word a linked company name stands in for: a domain it names ("Tianqi Lithium"
    → lithium), else its business word ("Xingye Mining" → mining), else its own name."""
    from coopwatch.reference import matcher

    spans = matcher().find(name)
    if re.search(r"[\u4e00-\u9fff]", name):
        # Chinese short names are common words themselves (兴业, 盐湖): the name less its trade
        core = name
        for s in sorted(spans, key=lambda s: -s.start):
            if s.kind in COUNTED_PLACE_KINDS:
                core = core[:s.start] + core[s.end:]
        return _BUSINESS_WORDS.sub("", core) or name
    words = re.findall(r"[A-Za-z][A-Za-z-]*", name)
    for i in range(len(words)):  # a domain inside the name, even where a company alias hides it
        for j in range(min(len(words), i + 3), i, -1):
            if any(s.kind == "domain" for s in matcher().find(" ".join(words[i:j]))):
                return " ".join(words[i:j]).lower()
    core = name
    for s in sorted(spans, key=lambda s: -s.start):
        if s.kind in COUNTED_PLACE_KINDS:
            core = core[:s.start] + core[s.end:]
    core = _LEGAL_FORMS.sub(" ", core)
    business = [w for w in re.findall(r"[A-Za-z]+|[\u4e00-\u9fff]+", core) if _BUSINESS_WORDS.fullmatch(w)]
    if business:
        return business[-1].lower()
    core = re.sub(r"\s+", " ", core).strip(" -") or name
    return core.lower() if re.match(r"[A-Za-z]", core) else core


def replace_damage_repairs(text: str) -> list[Repair]:
    return _infix_damage(text) + _name_prefix_damage(text)


def _name_prefix_damage(text: str) -> list[Repair]:
    """A place name replaced by another of its names everywhere, also inside derived words:
    "Tibet" → "Xizang" turns "Tibetan" into "Xizangan". A word made of a region's alias and a
    few more lower-case letters, that the matcher does not know and the text never writes with
    the region's main English name, is read as that main name with the same ending."""
    from coopwatch.reference import matcher

    out = []
    for m in re.finditer(r"\b[A-Z][a-z]{4,}\b", text):
        word = m.group(0)
        for k in range(1, 5):
            head, tail = word[:-k], word[-k:]
            if tail not in _DERIVING_ENDINGS:
                continue
            spans = matcher().find(head, kinds={"region"})
            if len(spans) != 1 or spans[0].start != 0 or spans[0].end != len(head) or spans[0].level != "province":
                continue
            name = _name_en(spans[0].id)
            if not name or name == head or " " in name or matcher().find(word, kinds={"region"}):
                break
            out.append(Repair("replace_damage", word, name + tail, m.start(), m.end(), []))
            break
    return out


# endings that make adjectives or demonyms of place names ("Tibetan", "Shanghainese")
_DERIVING_ENDINGS = {"an", "ian", "ese", "er", "ers", "ans", "ians", "ois", "oise", "ische", "ischen", "isch", "er"}


def _infix_damage(text: str) -> list[Repair]:
    hits = [m for m in _CAMEL_INFIX.finditer(text) if not re.match(r"(?:Mc|Mac|iP|eB|iT|e-)", m.group(0))]
    if not hits:
        return []
    words = Counter(w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text))
    tails = [m.group(0)[len(m.group(1)):] for m in hits]
    inserted = _common_prefix(tails) if len(hits) >= 2 else ""
    if len(inserted) < 3:
        inserted = ""
    # what the replacement replaced: learnt from any damaged word whose repair is a word of the text
    original = None
    for m, tail in zip(hits, tails):
        ins = inserted or _leading_word(tail, words)
        head, rest = m.group(1), tail[len(ins):]
        for w in sorted(words, key=lambda w: -words[w]):
            if w.startswith(head.lower()) and w.endswith(rest.lower()) and len(w) > len(head) + len(rest) \
                    and w != m.group(0).lower():
                original = w[len(head):len(w) - len(rest)]
                break
        if original:
            break
    if original is None and not inserted:
        return []  # one odd word that nothing explains ("iconMar 4"): not evidence of a replace
    out = []
    for m, tail in zip(hits, tails):
        ins = inserted or _leading_word(tail, words)
        head, rest = m.group(1), tail[len(ins):]
        meaning = head + original + rest if original is not None else f"{head}[{ins}]{rest}"
        out.append(Repair("replace_damage", m.group(0), meaning, m.start(), m.end(), []))
    return out


def _common_prefix(strings: list[str]) -> str:
    first = min(strings, key=len)
    for i, ch in enumerate(first):
        if any(s[i] != ch for s in strings):
            return first[:i]
    return first


def _leading_word(tail: str, words: Counter) -> str:
    """The longest start of `tail` that is a word of the text by itself ("Article" of "Articleners")."""
    for n in range(len(tail), 2, -1):
        if words.get(tail[:n].lower(), 0) and tail[:n].lower() != tail.lower():
            return tail[:n]
    return tail


_URBAN_GROUP = re.compile(r"agglomerat|city cluster|urban cluster|metropolitan|ballungsraum|stadtagglomeration"
                          r"|stadtegruppe|städtegruppe|城市群|都市圈", re.I)
_LEVEL_WORDS = re.compile(r"prefecture|prefectural|autonomous|county|league|prefecture|bezirk|autonom|kreis|landkreis"
                          r"|prefektur|praefektur|comte|ligue|州|盟|县", re.I)


@lru_cache(maxsize=64)
def _home_names(home: tuple[str, ...]) -> list[tuple]:
    """(unit, folded Latin name) of the prefectures, zones and groupings inside `home`."""
    from coopwatch.reference import gazetteer
    from coopwatch.reference.fold import fold

    g = gazetteer()
    out = []
    for r in g.all():
        if r.level == "province":
            continue
        if not (r.province in home or (r.members and set(g.members(r.code)) <= set(home))):
            continue
        if r.level not in ("prefecture", "group", "zone") and not r.code.startswith(("group:", "zone:")):
            continue
        names = [n for lang in ("en", "fr", "de") for n in r.names.get(lang, ())] + ([r.name_en] if r.name_en else [])
        for n in dict.fromkeys(names):
            cand = re.sub(r"[^a-z]", "", fold(n))
            if cand:
                out.append((r, cand))
    return out


def confusable_repairs(text: str, spans: list, home: list[str], language: str, offset: int = 0) -> list[Repair]:
    """Provinces in an item for `home` that stand for a like-named unit of `home` (see above)."""
    if language == "zh" or not home:
        return []
    from rapidfuzz import fuzz

    from coopwatch.reference.fold import fold

    out = []
    candidates = _home_names(tuple(sorted(home)))
    for s in spans:
        if s.kind != "region" or s.level != "province" or s.id in home:
            continue
        if any(o.kind in ("region", "zone", "group") and o.id == s.id and o is not s for o in spans):
            continue  # named more than once: meant
        said = re.sub(r"[^a-z]", "", fold(s.text))
        near = [re.sub(r"[^a-z]", "", fold(w)) for w in re.findall(r"[A-Za-z'’\-]{3,}", text[max(0, s.start - 30):s.start]
                                                                        + " " + text[s.end:s.end + 30])]
        best, best_score, best_near = None, 0.0, 0.0
        for r, cand in candidates:
            score = fuzz.ratio(said, cand)
            if score > best_score:
                best, best_score = r, score
                best_near = max((fuzz.ratio(w, cand) for w in near if w), default=0.0)
        # a province name next to a prefecture word ("Autonomen Bezirk Hainan") is that prefecture
        window = fold(text[max(0, s.start - 45):s.start] + " " + text[s.end:s.end + 45])
        level_context = bool(_LEVEL_WORDS.search(window))
        if level_context:
            for r, cand in candidates:
                if r.level in ("prefecture", "county") and cand.startswith(said):
                    best, best_score = r, 100.0
                    break
        # in a list of provinces ("Tianjin, Shandong and Hainan") a province is meant as one
        in_list = any(o is not s and o.kind == "region" and o.level == "province"
                      and re.fullmatch(r"[\s,，、;]*(?:and|et|und|le|la|l'|das|die)?[\s,，、]*(?:le |la |l')?",
                                       text[min(o.end, s.end):max(o.start, s.start)] if o.end <= s.start or s.end <= o.start else "x")
                      for o in spans)
        if in_list and not level_context:
            continue
        # close in spelling, and either near-identical or next to another piece of the same name
        # ("Hubao and Hubei" for Hubao'e): a partner province that merely sounds alike is kept
        urban = bool(_URBAN_GROUP.search(window))  # "the Hubei urban agglomeration": a city group, not a province
        if best is not None and (best_score >= 90 or (best_score >= 70 and (best_near >= 80 or urban))):
            subs = [replace(sub, start=s.start + offset, end=s.end + offset, text=s.text)
                    for sub in _spans_for(best.name_zh, 0, 0, s.text)]
            out.append(Repair("mistranslation", s.text, f"{best.name_zh} ({best.name_en or best.code})",
                              s.start + offset, s.end + offset, subs))
    return out
