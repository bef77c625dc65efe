"""Stage 2 of the plan pipeline: decoded text → clean running text with an offset map.

Method, in order:
1. Lines are classified on their own: page furniture ("—5—", "- 3 -", a bare page number,
   "Page 3 of 9", "第3页") and site boilerplate (breadcrumbs "Home / News / …", copyright,
   "related news", share buttons, contact lines with an e-mail address, download-site notices
   such as "VIP专享" or "本站…") are dropped. Short lines repeated three times or more are
   running headers: only the first is kept.
2. Runs of short lines that are fragments of another passage of the same file (text garbled by
   PDF column extraction, seed 002) are dropped when the file also holds the clean text: a run
   of at least six short lines whose character bigrams are mostly found elsewhere in the file
   (coverage ≥ 0.6) while the lines are too short and irregular to be hard-wrapped text. When
   most of those lines occur verbatim in the rest, the run is a table of contents or a copy and
   is dropped as such (repair kind "other").
3. Trailing short lines after the last paragraph (tag lists, "home appliances") are dropped.
4. Inline furniture is cut: "—4—" page markers inside a line (a PDF page break in running
   text), "VIP专享".
5. Hard-wrapped lines are rejoined when the file is wrapped at a fixed width (blank lines around
   a dropped page number do not count: a page break can fall inside a word) (most long lines
   end within 15% of the same width): a line that reaches the width continues on the next one
   unless that starts with a numbering marker; a word hyphenated at the end of a line is joined.
   A plan of short paragraphs counts as wrapped when no line passes the width and most of the
   lines that reach it stop mid-sentence.
Every dropped stretch that is boilerplate or garbled is recorded as a repair. The result keeps a
piecewise map from clean offsets back to the original (`Cleaned.to_original`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

_PAGE_LINE = re.compile(
    r"^\s*(?:[—–\-－_]{1,2}\s*\d{1,4}\s*[—–\-－_]{1,2}|\d{1,4}|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|(?:page|seite|p\.)\s*\d+(?:\s*(?:of|von|sur|/)\s*\d+)?|\d{1,4}\s*/\s*\d{1,4})\s*$", re.I)
_INLINE_PAGE = re.compile(r"[—－]{1,2}\s*\d{1,3}\s*[—－]{1,2}")
_INLINE_BOILERPLATE = re.compile(r"VIP\s*(?:专享|專享|免费|免費|会员|會員)")
_BREADCRUMB = re.compile(r"^\s*(?:home|首页|首頁|主页|accueil|startseite|当前位置|您的位置|位置)\s*[:：]?\s*(?:[/>»›|]|＞)", re.I)
_BOILERPLATE_LINE = re.compile(
    r"(?:©|\bcopyright\b|版权所有|版權所有|all rights reserved|tous droits réservés|alle rechte vorbehalten"
    r"|^\s*(?:related (?:news|articles?|posts?|reading)|相关(?:新闻|阅读|文章|推荐|链接)|相關(?:新聞|閱讀|文章)"
    r"|articles? (?:connexes|similaires)|à lire aussi|verwandte (?:artikel|nachrichten)|ähnliche artikel"
    r"|(?:share|partager|teilen|分享)(?: (?:this|on|sur|auf))?(?: \w+)?|comments?|commentaires?|kommentare?|评论|評論"
    r"|read more|lire la suite|weiterlesen|mehr lesen|阅读全文|閱讀全文|打印本页|关闭窗口|回到顶部|返回顶部"
    r"|überprüfen sie die details|voir les détails|see details|查看详情|点击查看)\s*[:：]?\s*$"
    r"|本站|付费|付費|下载文档|下載文檔|违规举报|客服|管理员微信|确认删除|内容提供者|已认证|碎片内容"
    r"|点击这里|扫一扫|关注我们|公众号|字体[:：]?\s*[【\[]?\s*大|【\s*字号)", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_URL_ONLY = re.compile(r"^\s*(?:(?:source|来源|資料來源|资料来源|quelle)\s*[:：])?\s*https?://\S+\s*$", re.I)
_TERMINAL = "。！？；.!?;:：」”\"'）)"
_CJK = re.compile(r"[\u3400-\u9fff]")
# A numbering marker at the start of a line (kept in sync with structure.py by importing it there).
_STARTS_MARKER = re.compile(
    r"^\s*(?:[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z]|[ivxIVX]{1,4})\s*[）)]|\d{1,3}\s*[.．、)）]"
    r"|[一二三四五六七八九十]{1,3}\s*、|第[一二三四五六七八九十百\d]+[章节条部分]|[IVX]{1,5}\.\s|[a-hA-H]\s?[.)）]\s|\d{1,2}\s?°\s"
    r"|(?:article|art\.|artikel)\s*\d+|[•·\-–—*]\s)", re.I)


@dataclass
class Cleaned:
    """Clean text, a map back to the original, and what was dropped."""

    text: str
    pieces: list[tuple[int, int, int]] = field(default_factory=list)  # (clean start, original start, length)
    repairs: list[dict] = field(default_factory=list)

    def to_original(self, pos: int) -> int:
        """Offset in the original text of clean offset `pos`."""
        if not self.pieces:
            return pos
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return self.pieces[0][1]
        start, orig, length = self.pieces[i]
        return orig + min(pos - start, max(length - 1, 0))

    def __post_init__(self):
        self._starts = [p[0] for p in self.pieces]


class _Builder:
    def __init__(self, original: str):
        self.original, self.parts, self.pieces, self.pos = original, [], [], 0

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append(self.original[start:end])
            self.pieces.append((self.pos, start, end - start))
            self.pos += end - start

    def insert(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def drop_last_char(self) -> None:
        if self.parts and self.pieces and self.pieces[-1][0] + self.pieces[-1][2] == self.pos:
            self.parts[-1] = self.parts[-1][:-1]
            start, orig, length = self.pieces[-1]
            self.pieces[-1] = (start, orig, length - 1)
            self.pos -= 1

    def build(self, repairs) -> Cleaned:
        return Cleaned("".join(self.parts), self.pieces, repairs)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def is_boilerplate_line(line: str) -> bool:
    """Site furniture that carries none of the document's content."""
    s = line.strip()
    if not s:
        return False
    if _BREADCRUMB.search(s) or _URL_ONLY.match(s):
        return True
    if _EMAIL.search(s) and len(s) < 250:
        return True
    if len(s) < 300 and _BOILERPLATE_LINE.search(s):
        return True
    # a breadcrumb trail without the word "Home": three or more short parts joined by " / " or " > "
    if len(s) < 200 and len(re.findall(r"\s[/>»›]\s", s)) >= 2 and not re.search(r"[。.!?]\s*$", s):
        return True
    return False


def clean_text(text: str) -> Cleaned:
    """Clean decoded text; see the module docstring for the method."""
    spans = _lines(text)
    keep = [True] * len(spans)
    repairs: list[dict] = []
    stripped = [text[a:b].strip() for a, b in spans]

    for i, s in enumerate(stripped):
        if not s:
            continue
        if _PAGE_LINE.match(s):
            keep[i] = False
        elif is_boilerplate_line(s):
            keep[i] = False
            lead = len(text[spans[i][0]:spans[i][1]]) - len(text[spans[i][0]:spans[i][1]].lstrip())
            repairs.append({"kind": "boilerplate", "found": s[:200], "meaning": "", "offset": spans[i][0] + lead})

    counts = Counter(s for s in stripped if s and len(s) <= 80 and not _STARTS_MARKER.match(s))
    seen: set[str] = set()
    for i, s in enumerate(stripped):
        if keep[i] and counts.get(s, 0) >= 3:
            if s in seen:
                keep[i] = False
            seen.add(s)

    for a, b, why in find_garbled_runs(text, spans, keep, stripped):
        for i in range(a, b):
            keep[i] = False
        found = " / ".join(s for s in stripped[a:b] if s)
        meaning = ("text garbled by PDF column extraction; the clean copy elsewhere in the file is used" if why == "garbled"
                   else "lines repeated from the text (a table of contents or a copy); the text itself is used")
        repairs.append({"kind": "garbled" if why == "garbled" else "other", "found": found[:300], "meaning": meaning,
                        "offset": spans[a][0]})

    _drop_trailing_fragments(stripped, keep)

    # blank lines around a dropped page number belong to the page break, not to the text: a
    # word or sentence split by the break ("中国农业科" / "— 2 —" / "学院") joins up again
    around_page = set()
    for i, s in enumerate(stripped):
        if s and not keep[i] and _PAGE_LINE.match(s):
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(stripped) and not stripped[j]:
                    around_page.add(j)
                    j += step
    kept = [i for i in range(len(spans)) if (keep[i] or not stripped[i]) and i not in around_page]
    width = _wrap_width([stripped[i] for i in kept if keep[i]])
    builder = _Builder(text)
    prev_kept: int | None = None  # index of the previous kept non-blank line in the current paragraph
    for i in kept:
        s = stripped[i]
        if not s:
            if prev_kept is not None:
                builder.insert("\n")
            prev_kept = None
            continue
        a, b = spans[i]
        lead = len(text[a:b]) - len(text[a:b].lstrip())
        a, b = a + lead, a + lead + len(s)
        if prev_kept is not None:
            joiner = _joiner(stripped[prev_kept], s, width)
            if joiner == "\x00":
                builder.drop_last_char()  # "coopera-" + "tion" → "cooperation"
            else:
                builder.insert(joiner)
        _copy_line(builder, text, a, b, repairs)
        prev_kept = i
    cleaned = builder.build(repairs)
    cleaned.text = cleaned.text.rstrip("\n")
    return cleaned


def _copy_line(builder: _Builder, text: str, a: int, b: int, repairs: list[dict]) -> None:
    """Copy one line, cutting inline page markers and inline boilerplate."""
    pos = a
    line = text[a:b]
    cuts = [(m.start(), m.end(), "page") for m in _INLINE_PAGE.finditer(line)]
    cuts += [(m.start(), m.end(), "boilerplate") for m in _INLINE_BOILERPLATE.finditer(line)]
    for s, e, why in sorted(cuts):
        if a + s < pos:
            continue
        builder.copy(pos, a + s)
        if why == "boilerplate":
            repairs.append({"kind": "boilerplate", "found": line[s:e], "meaning": "", "offset": a + s})
        pos = a + e
    builder.copy(pos, b)


def _joiner(prev: str, nxt: str, width: int | None) -> str:
    """What goes between two consecutive non-blank lines: nothing or a space (a wrapped line)
    or a newline (a new paragraph)."""
    if width is None or len(prev) < 0.8 * width or _STARTS_MARKER.match(nxt):
        return "\n"
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and nxt[:1].islower():
        return "\x00"  # marker: remove the hyphen (handled below)
    if _CJK.match(prev[-1]) or _CJK.match(nxt[0]) or prev[-1] in "，、；：。":
        return ""
    return " "


def _wrap_width(lines: list[str]) -> int | None:
    """The width the file is hard-wrapped at, or None when it is not hard-wrapped."""
    lengths = [len(s) for s in lines if len(s) >= 15]
    if len(lengths) < 6:
        return None
    lengths.sort()
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 200:
        return None
    near = sum(1 for n in lengths if n >= 0.85 * width)
    if near >= 0.5 * len(lengths):
        return width
    # A wrapped plan of short paragraphs (headings, one-line items): fewer lines reach the width,
    # but none goes past it, and those that reach it stop mid-sentence and run on.
    if width <= 100 and lengths[-1] <= width + 2 and near >= 5:
        runs = sum(1 for a, b in zip(lines, lines[1:]) if len(a) >= 0.85 * width
                   and not re.search(r"[.。!?！？;；:：]\s*$", a) and not _STARTS_MARKER.match(b))
        if runs >= 0.5 * near:
            return width
    return None


def _drop_trailing_fragments(stripped: list[str], keep: list[bool]) -> None:
    """Short lines after the last real paragraph are tags or menus (not dates or signatures)."""
    last = [i for i, s in enumerate(stripped) if s and keep[i]]
    dropped = []
    for i in reversed(last):
        s = stripped[i]
        if len(s) >= 60 or s[-1] in "。.!?！？" or re.search(r"\d{4}", s) or _STARTS_MARKER.match(s):
            break
        dropped.append(i)
    else:
        return  # nothing but short lines: they are the text
    for i in dropped:
        keep[i] = False


def find_garbled_runs(text: str, spans, keep, stripped) -> list[tuple[int, int, str]]:
    """Line ranges [a, b) that are a column-garbled copy ("garbled") or a verbatim copy ("copy":
    a table of contents) of text found elsewhere in the file."""
    runs, start, n_frag, end = [], None, 0, 0
    for i in range(len(stripped) + 1):
        s = stripped[i] if i < len(stripped) else "<end of file>" * 10
        if i < len(stripped) and (not s or not keep[i]):
            continue  # blank and already dropped lines neither extend nor break a run
        if len(s) <= 40:
            if start is None:
                start, n_frag = i, 0
            n_frag += len(_CJK.findall(s)) >= 2
            end = i + 1
        elif start is not None:
            if n_frag >= 6:
                runs.append((start, end))
            start = None
    out = []
    compact_all = None
    for a, b in runs:
        lines = [stripped[i] for i in range(a, b) if stripped[i] and keep[i]]
        lengths = sorted(len(s) for s in lines)
        if lengths[len(lengths) // 2] >= 25:
            continue  # regular long lines: hard-wrapped text, not fragments
        if sum(1 for s in lines if _is_name_line(s)) >= 0.5 * len(lines):
            continue  # a signature block: one issuing body per line, named again in the text
        inside = set()
        for s in lines:
            inside.update(_bigrams(s))
        if len(inside) < 10:
            continue
        rest = text[:spans[a][0]] + "\n" + text[spans[b - 1][1]:]
        rest_bigrams = set(_bigrams(rest))
        coverage = sum(1 for g in inside if g in rest_bigrams) / len(inside)
        if coverage >= 0.6 and len(_CJK.findall(rest)) >= sum(len(_CJK.findall(s)) for s in lines):
            compact_rest = re.sub(r"\s+", "", rest)
            verbatim = lambda s: re.sub(r"\s+", "", _INLINE_BOILERPLATE.sub("", s)) in compact_rest
            if compact_all is None:
                compact_all = re.sub(r"\s+", "", text)
            repeated = [s for s in lines if compact_all.count(re.sub(r"\s+", "", s)) >= 2]
            if len(repeated) >= 0.6 * len(lines):
                # a table of contents (or a repeated block): drop it up to where the text itself
                # starts repeating it, not garbled
                seen, end = set(), a
                for i in range(a, b):
                    if stripped[i] and stripped[i] in seen:
                        break
                    seen.add(stripped[i])
                    end = i + 1
                while end > a and compact_all.count(re.sub(r"\s+", "", stripped[end - 1])) < 2:
                    end -= 1  # the text's own first heading after the contents stays
                out.append((a, end, "copy"))
                continue
            # a heading at the head of the run that the clean copy holds verbatim is not garbled
            while a < b and (not stripped[a] or not keep[a] or verbatim(stripped[a])):
                a += 1
            out.append((a, b, "garbled"))
    return out


def _is_name_line(line: str) -> bool:
    """A line that is (almost) only names of agencies or regions, or a date."""
    if re.fullmatch(r"[\d\s年月日.,/-]+", line):
        return True
    from coopwatch.reference import matcher

    spans = matcher().find(line, kinds={"agency", "region"})
    covered = sum(s.end - s.start for s in spans)
    return covered >= 0.7 * len(re.sub(r"[\s,，、]", "", line))


def _bigrams(s: str):
    chars = _CJK.findall(s)
    return (chars[i] + chars[i + 1] for i in range(len(chars) - 1))
