"""Stage 4 of the plan pipeline: clean text → tree of numbered items with kinds.

Method.
1. Numbering markers are found at the start of every line, and inside long lines (a PDF
   copy often holds the whole plan on one line) after a sentence end or, for unambiguous
   Chinese markers ("二、", "（三）", "第三条"), anywhere. Styles: 一、 / （一） / (1) / 1. / 1、 /
   1) / ① / 2.3.1 / I. / (III) / Ⅲ / (a) / a) / A. / 1° / Article 3, Art. 3, Artikel 3, 第三条 / 第一章, 第一部分,
   Chapter 1, Part I, PART TWO, Titre II. / 第一节 / number words ("one.", "two。", English renderings of
   二、 or 2.). Upper- and lower-case letters and Roman numerals are different styles ((I) over (i)).
   A marker is followed by text or an opening quote of any language (“ „ « 「 《).
2. Levels come from the styles, in the order they first open (the classic outline rule): a
   marker whose style is already open closes the deeper levels and becomes their sibling; a new
   style opens a child level. A number word takes the level whose last number it continues.
   A marker inside a line must continue a sequence (next number of an open style, or 1 of a new
   one); markers at line starts are trusted.
3. Each item gets its number (as printed), its ordinal among siblings, a title (the heading
   line, else the first sentence) and its own text (up to its first child). Bare headings
   repeated later with the same number and title (a table of contents) are dropped.
4. Kinds, from the shape of the tree and heading words in zh/en/fr/de (`assign_kinds`):
   headings naming goals → goal; the children of a heading naming safeguards → safeguard;
   a numbering series that runs on across its parents (measures "(1)…(17)" spread over
   several sections) → measure; a group of siblings with children where at least two and a
   third of the headings name a region (a callback decides: the matcher in the pipeline, and
   short-name slogans such as 科技入滇) → programme, and their children →
   task; numbered articles (Article 3, 第三条) → measure; otherwise the top level → section
   and deeper levels → task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from coopwatch.text.variants import fold_traditional

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WORDS = {w: i + 1 for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORDS.update({w: i + 1 for i, w in enumerate("un deux trois quatre cinq six sept huit neuf dix".split())})
_WORDS.update({w: i + 1 for i, w in enumerate("eins zwei drei vier fünf sechs sieben acht neun zehn".split())})
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
CN = "[一二三四五六七八九十百零〇两]{1,4}"

# A Roman numeral up to 39 (never empty); letters only where the number is a plain count.
_ROMAN_NUMERAL = r"(?:(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})|[\u2160-\u216b\u2170-\u217b])"  # also Ⅲ, ⅲ
# Number words that can stand for a part's or chapter's number ("PART TWO", "Teil drei").
_NUMBER_WORD = ("one|two|three|four|five|six|seven|eight|nine|ten|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"
                "|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn")
# style -> pattern of the marker; group "n" is the number. Order matters: longer forms first.
_MARKERS = [
    ("chapter", rf"第(?P<n>{CN}|\d{{1,3}})\s*(?:[章编]|部分)|(?:chapter|chapitre|kapitel|part|partie|teil|titre|title|abschnitt)\s+"
                rf"(?P<n2>\d{{1,3}}|[IVX]{{1,5}}|{_NUMBER_WORD})\b(?:\s*[.:：—–-])?"),  # "TITRE I – DISPOSITIONS"
    ("cn_jie", rf"第(?P<n>{CN}|\d{{1,3}})\s*节"),
    ("article", rf"第(?P<n>{CN}|\d{{1,3}})\s*条|(?:article|art\.|artikel)\s*(?P<n2>\d{{1,3}}|premier|1er)\b(?:\s*[.:：])?"),
    ("cn_paren", rf"[（(]\s*(?P<n>{CN})\s*[）)]"),
    ("cn_dun", rf"(?P<n>{CN})\s*[、，,．.]"),
    ("num_paren", r"[（(]\s*(?P<n>\d{1,3})\s*[）)]"),
    ("roman_paren", rf"[（(]\s*(?P<n>{_ROMAN_NUMERAL})\s*[）)]"),
    ("alpha_paren", r"[（(](?P<n>[a-h])[）)]"),
    ("roman", rf"(?P<n>{_ROMAN_NUMERAL})\s*[.．、]\s"),
    ("alpha_rparen", r"(?P<n>[a-h])\s?[)）]"),
    ("alpha_dot", r"(?P<n>[A-H])[.．](?=[ \t\u3000\u00a0])"),
    ("ordinal", r"(?P<n>\d{1,2})\s?[°º](?!\s*[CF]\b)"),
    ("decimal", r"(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=[ \t\u3000])"),
    ("circled", r"(?P<n>[\u2460-\u2473])"),
    ("num_dun", r"(?P<n>\d{1,3})\s*、"),
    ("num_dot", r"(?P<n>\d{1,3})\s*[.．](?!\d)"),
    ("num_rparen", r"(?P<n>\d{1,3})\s*[)）]"),
    ("word", r"(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
             r"|sixteen|seventeen|eighteen|nineteen|twenty|deux|trois|quatre|cinq|sept|huit|neuf|dix"
             r"|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)\s*[.。、:：]"),
]
# The lookahead lets the engine skip every position that cannot start a marker.
_MARKER_RE = re.compile("(?=[\u2460-\u2473\u2160-\u217b第（(0-9一二三四五六七八九十百零〇两IVXivxAaBbCcGgKkOoTtFfSsEeNnDdZzQqHhUuPp])(?:" + "|".join(f"(?P<{s}>{p.replace('(?P<n>', f'(?P<{s}_n>').replace('(?P<n2>', f'(?P<{s}_m>')})"
                                 for s, p in _MARKERS) + ")", re.I)
_STRONG = {"chapter", "cn_jie", "article", "cn_paren", "cn_dun"}
_DATE_AFTER = re.compile(
    r"\s*(?:januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|jan|feb|mär|apr"
    r"|jun|jul|aug|sep|sept|okt|nov|dez)\.?\s+\d{4}", re.I)
_LINE_ONLY = {"roman", "num_rparen", "word", "alpha_paren", "decimal", "roman_paren", "alpha_rparen", "alpha_dot", "ordinal"}
_LINE_ONLY |= {f"{s}_lower" for s in _LINE_ONLY}
# What may follow a marker: text, not a digit (a decimal number or a date).
# Opening quotes and brackets of every language count as text: “ " ' 《 「 „ « ‹ ‚ 【 [ (German and
# French headings often start with a quoted slogan, Chinese ones with a bracketed label).
_AFTER_OK = re.compile(r"\s*[^\W\d_]|\s*[“\"'‘《「『(（„«‹‚【\[〔]", re.U)

GOAL_WORDS = re.compile(
    r"^\s*(?:主要目标|发展目标|总体目标|目标任务|工作目标|主要目標|發展目標|(?:main |overall |development |general )?"
    r"(?:goals?|objectives?|targets)\b|(?:objectifs?)(?: principaux| généraux)?\b|(?:haupt)?ziele?\b|zielsetzung)", re.I)
SAFEGUARD_WORDS = re.compile(
    r"(?:保障措施|保障机制|组织保障|組織保障|保障措施|实施保障|實施保障|safeguards?(?: measures)?|guarantee measures|guarantees"
    r"|supporting measures|implementation guarantees?|mesures de (?:garantie|soutien|sauvegarde)|mesures d['’]accompagnement"
    r"|garanties|garantien|sicherungsmaßnahmen"
    r"|garantiemaßnahmen|gewährleistungsmaßnahmen|schutzmaßnahmen|umsetzungsgarantien|absicherung)", re.I)
# A heading that names a part of a plan by its generic words alone: "总体要求", "保障措施", "Main
# Tasks", "Safeguard Measures", "Tâches prioritaires", "Aufgaben". Standing alone on a line it is a
# top-level heading even when a copy lost its number.
HEADING_PHRASE = re.compile(
    r"^(?:(?:总体|基本|主要|重点|发展|工作|行动|保障|组织|实施|合作)(?:要求|原则|目标|任务|工作|举措|行动|措施|机制|实施|领域|内容|重点|保障)"
    r"|指导思想|附则|总则|目标任务"
    r"|(?:(?:general|overall|main|key|major|priority|principal|basic|development)\s+)?(?:requirements|principles|objectives|goals"
    r"|targets|tasks|actions|measures|safeguards?(?:\s+measures)?|guarantees?(?:\s+measures)?|supporting\s+measures|provisions)"
    r"|(?:objectifs?|tâches|actions|mesures|principes|dispositions)(?:\s+(?:généra(?:les|ux)|principa(?:les|ux)|prioritaires"
    r"|de\s+garantie|d['’]accompagnement))?|garanties"
    r"|(?:haupt)?ziele|zielvorgaben|zielsetzungen?|(?:haupt)?aufgaben|maßnahmen|schwerpunkte|grundsätze|allgemeines"
    r"|sicherungsmaßnahmen|garantien)$", re.I)
# A heading over the plan's work: its groups of items with items of their own are programmes.
TASK_WORDS = re.compile(
    r"(?:任务|举措|行动|重点工作|主要工作|合作内容|合作领域|合作重点|重点领域|工作措施)$"
    r"|\b(?:tasks|actions|programmes|programs|(?:cooperation|key|main)\s+(?:areas|measures|priorities|programmes))\s*$"
    r"|\b(?:tâches|actions|domaines\s+de\s+coopération|axes|mesures)\b"
    r"|(?:aufgaben|maßnahmen|schwerpunkte|programme)\s*$", re.I)
_CN_HEADING_END = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:要求|任务|目标|措施|原则|思路|保障|机制|方向|重点|内容|安排|领域|意义|背景)(?=[\u4e00-\u9fff\d(（“])")
_SENTENCE_END = re.compile(r"[。！？；;!?]|\.(?=\s|$)|\n")


@dataclass
class Node:
    """One numbered item of a document."""

    style: str
    number: int | None
    start: int          # offset of the marker in the clean text
    body: int           # offset just after the marker
    line_start: bool
    after_sentence: bool = False  # the marker follows a sentence end (inside a line)
    end: int = 0        # end of the item including its children
    own_end: int = 0    # end of the item's own text (start of its first child)
    title: str = ""
    text: str = ""
    kind: str = "section"
    ordinal: int = 0
    id: str = ""
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def number_value(style: str, raw: str) -> int | None:
    """The integer a marker prints ("三"→3, "xii"→12, "two"→2, "b"→2)."""
    raw = raw.strip()
    if len(raw) == 1 and "\u2460" <= raw <= "\u2473":  # ① … ⑳
        return ord(raw) - 0x2460 + 1
    if len(raw) == 1 and ("\u2160" <= raw <= "\u216b" or "\u2170" <= raw <= "\u217b"):  # Ⅰ … Ⅻ, ⅰ … ⅻ
        return (ord(raw) - 0x2160) % 16 + 1
    if raw.isdigit():
        return int(raw)
    low = raw.lower()
    if low in _WORDS:
        return _WORDS[low]
    if low in ("premier", "1er", "une"):
        return 1
    if style in ("alpha_paren", "alpha_rparen", "alpha_dot"):
        return ord(low) - ord("a") + 1
    if re.fullmatch(r"[ivxl]+", low):
        total, prev = 0, 0
        for ch in reversed(raw.upper()):
            v = _ROMAN[ch]
            total = total - v if v < prev else total + v
            prev = max(prev, v)
        return total or None
    return chinese_number(raw)


def chinese_number(raw: str) -> int | None:
    """Small Chinese numerals: 三, 十二, 二十一, 一百零五."""
    total, current = 0, 0
    for ch in raw:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


# Where a marker can start: a line start (after indentation or "##"), after a sentence end or
# a closing quote, after a Chinese character (run-in headings), and Chinese markers anywhere.
# Trying the full pattern only there is several times faster than scanning every position.
_CANDIDATE = re.compile(r"(?m)^[ \t\u3000#>]*(?=\S)|(?<=[。！？；;!?.:：”」）)])[ \t\u3000]*(?=\S)"
                        r"|(?<=[\u4e00-\u9fff])(?=[\d（(])|(?=第|[一二三四五六七八九十百]{1,4}、|[（(][一二三四五六七八九十])")


def _matches(text: str):
    last = -1
    for c in _CANDIDATE.finditer(text):
        pos = c.end()
        if pos <= last:
            continue
        m = _MARKER_RE.match(text, pos)
        if m:
            last = m.end() - 1
            yield m


def find_markers(text: str) -> list[Node]:
    """Every candidate numbering marker, with whether it starts a line."""
    out = []
    for m in _matches(text):
        style = m.lastgroup if m.lastgroup in dict(_MARKERS) else None
        if style is None:
            style = next(s for s, _ in _MARKERS if m.group(s) is not None)
        raw = m.group(f"{style}_n") if f"{style}_n" in m.groupdict() and m.group(f"{style}_n") else None
        if raw is None and f"{style}_m" in m.groupdict():
            raw = m.group(f"{style}_m")
        if not raw:
            continue
        if style == "decimal":  # "2.3.1": item 1 at the third level
            n = int(raw.rsplit(".", 1)[1])
        else:
            n = number_value(style, raw)
        if n is None or n == 0:
            continue
        start = m.start()
        # at the start of a line, after indentation or a Markdown heading/quote prefix ("## 1.")
        line_start = start == 0 or text[start - 1] == "\n" or \
            re.fullmatch(r"[ \t\u3000#>]*", text[text.rfind("\n", 0, start) + 1:start]) is not None
        prev = text[start - 1] if start else "\n"
        if not line_start:
            if style in _LINE_ONLY:
                continue
            if prev.isalnum() and not _is_cjk(prev):
                continue  # inside a word or number ("A1.", "2022."); after a Chinese character the level rules decide
        if style == "roman" and not line_start:
            continue
        if not _AFTER_OK.match(text, m.end()):
            continue
        if style in ("num_dot", "word") and _DATE_AFTER.match(text, m.end()):
            continue  # "3. März 2022": a German date, not item 3
        if style == "cn_dun" and not line_start and not re.match(r"[、]", text[m.end() - 1]):
            continue  # "三，" inside a sentence is a count, not a heading
        after_sentence = bool(re.search(r"[。！？；;!?.:：”」]\s*$|^\s*$", text[max(0, start - 3):start]))
        if style in ("chapter", "article") and m.group(0)[:1].isascii() and not (line_start or after_sentence):
            continue  # "see Article 3 of the law", "in part 1": a reference, not a heading
        if style == "decimal":
            style = f"decimal{raw.count('.') + 1}"
        if style in ("roman_paren", "roman", "alpha_rparen", "alpha_paren") and raw.islower():
            style += "_lower"  # "(I)" programmes with "(i)" items under them: two levels, not one
        out.append(Node(style, n, start, m.end(), line_start, after_sentence))
    return out


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "”」》）)"


_SENTENCE_TAIL = re.compile(r"[。；;，,：:.!?！？、…]\s*$")
_SENTENCE_INSIDE = re.compile(r"[。；;!?！？]|\.\s")
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|\b\d{1,2}\.?\s+[^\W\d]{3,}\.?\s+\d{4}\b|\b[^\W\d]{3,}\s+\d{1,2},?\s+\d{4}\b"
                        r"|\b\d{4}-\d{1,2}-\d{1,2}\b")


def _short_line(line: str, cjk_max: int, latin_max: int) -> bool:
    cjk = sum(1 for ch in line if "\u3400" <= ch <= "\u9fff")
    if cjk >= len(line) / 3:
        return len(line) <= cjk_max
    return len(line) <= latin_max and len(line.split()) <= latin_max // 7


def bare_headings(text: str, markers: list[Node]) -> list[Node]:
    """Headings whose numbering marker a copy lost, inferred from the shape of the document.

    A line without a marker is a heading when it is short, ends without sentence punctuation,
    is no date, follows a finished sentence or another heading, and either
    - consists of a heading phrase ("保障措施", "Main Tasks", "Objectifs", "Aufgaben"): a top-level
      heading ("bare_top"), or
    - comes after the document's first heading and is followed by an item numbered 1: the
      heading of the numbered run that restarts under it ("bare_group", one level above it).
    Before the first heading (title, issuers, date) nothing is inferred; in Latin scripts a
    heading starts with a capital (a hard-wrapped sentence runs on in lower case)."""
    marked: dict[int, Node] = {}
    for m in markers:
        if m.line_start:
            marked.setdefault(text.rfind("\n", 0, m.start) + 1, m)
    lines, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append((pos, raw))
        pos += len(raw) + 1
    out: list[Node] = []
    started = False
    prev_heading = False  # the previous line is a heading (marked or inferred)
    prev_line = ""
    for i, (pos, raw) in enumerate(lines):
        line = raw.strip()
        if pos in marked:
            started = True
            own = line[marked[pos].body - marked[pos].start:] if marked[pos].start >= pos else line
            prev_heading = _short_line(own, 40, 90) and not _SENTENCE_INSIDE.search(own)
            prev_line = line
            continue
        folded = fold_traditional(line)
        after_sentence = prev_heading or bool(re.search(r"[。；;.!?！？:：)）]\s*$", prev_line))
        prev_line = line
        shape = _short_line(line, 40, 110) and not _SENTENCE_TAIL.search(line) and not _DATE_LINE.search(line) \
            and not (line[0].isalpha() and line[0].islower()) and len(line) >= 2
        style = None
        if shape and _short_line(line, 12, 50) and HEADING_PHRASE.match(folded):
            style = "bare_top"
        elif shape and after_sentence and started and i + 1 < len(lines) and lines[i + 1][0] in marked \
                and marked[lines[i + 1][0]].number == 1:
            style = "bare_group"
        prev_heading = style is not None
        if style:
            started = True
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Node(style, None, start, start, True, True))
    return out


def parse_structure(text: str, names_region: Callable[[str], bool] | None = None) -> list[Node]:
    """The item tree of `text` (top-level nodes), kinds assigned."""
    markers = find_markers(text)
    bare = bare_headings(text, markers)
    if bare:
        markers = sorted(markers + bare, key=lambda n: n.start)
    roots = build_tree(text, markers)
    assign_kinds(roots, names_region)
    return roots


def build_tree(text: str, markers: list[Node]) -> list[Node]:
    """Nest the accepted markers into a tree (see the module docstring, step 2)."""
    roots: list[Node] = []
    stack: list[Node] = []  # the open item at each level
    accepted: list[Node] = []
    for node in markers:
        level = _choose_level(node, stack, text)
        if level is None:
            continue
        if node.style == "word" and level < len(stack):
            node.style = stack[level].style
        del stack[level:]
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
        accepted.append(node)
    for i, node in enumerate(accepted):
        node.end = accepted[i + 1].start if i + 1 < len(accepted) else len(text)
    for node in reversed(accepted):
        node.own_end = node.children[0].start if node.children else node.end
        if node.children:
            node.end = max(node.end, node.children[-1].end)
        _fill_text(node, text)
    roots = _drop_contents(roots)
    _number(roots, "")
    return roots


def _toc_key(title: str) -> str:
    return re.sub(r"[\s.·…_\-—]*\d*\s*$", "", title).strip().lower()


def _drop_contents(nodes: list[Node]) -> list[Node]:
    """A table of contents: bare headings (no text, no children) that the document repeats
    later as siblings with the same number and heading. Dropped, so ids stay unique."""
    later: dict[tuple, int] = {}
    for i, n in enumerate(nodes):
        later[(n.number, _toc_key(n.title))] = i
    out = []
    for i, n in enumerate(nodes):
        bare = not n.children and _toc_key(n.text) == _toc_key(n.title)
        if bare and later.get((n.number, _toc_key(n.title)), i) > i:
            continue
        n.children = _drop_contents(n.children)
        out.append(n)
    return out


def _choose_level(node: Node, stack: list[Node], text: str) -> int | None:
    """Index in the stack where `node` goes (siblings replaced from there), or None to reject."""
    n = node.number
    if node.style == "bare_top":  # a heading phrase: the top level (under a Part, if any)
        return next((i for i, o in enumerate(stack) if o.style != "chapter"), len(stack))
    if node.style == "bare_group":  # a sibling of the last one, else one level down
        return next((i for i, o in enumerate(stack) if o.style == "bare_group"), len(stack))
    if not node.line_start and not (node.style in _STRONG or node.after_sentence):
        # "二、重点任务1.支持…": the first child right after a short heading run into it
        parent = stack[-1] if stack else None
        heading = text[parent.body:node.start] if parent is not None else ""
        if not (n == 1 and parent is not None and parent.style in _STRONG and len(heading) <= 12
                and not re.search(r"[，,。.;；:：!?！？]", heading)):
            return None  # "and 2. million": a weak marker inside a sentence
    # a level whose sequence this marker continues: the deepest, or the shallowest when the
    # marker's heading is a heading phrase ("3. Safeguards" after task 2 of programme (3))
    continues = [i for i in range(len(stack) - 1, -1, -1) if n is not None and stack[i].number == n - 1 and (
        stack[i].style == node.style or (node.style == "word" and stack[i].style in ("num_dot", "num_dun", "cn_dun")))]
    if continues:
        if len(continues) > 1 and HEADING_PHRASE.match(_heading_after(text, node)):
            return continues[-1]
        return continues[0]
    for i, open_node in enumerate(stack):
        if open_node.style == node.style:
            # numbering that restarts at 1 under a deeper heading of another style ("1. Goals",
            # "2. Main Tasks", "(1) Ecology", "1. Monitor …"): a new level under that heading
            if n == 1 and node.line_start and i < len(stack) - 1:
                return len(stack)
            # an open style: a sibling at that level; inside a line only if it continues the sequence
            return i if node.line_start else None
    if not node.line_start and n != 1:
        return None
    return len(stack)


def _heading_after(text: str, node: Node) -> str:
    line = text[node.body:text.find("\n", node.body) if "\n" in text[node.body:node.body + 200] else node.body + 200]
    return fold_traditional(line.strip(" \t:：.。"))


def _fill_text(node: Node, text: str) -> None:
    own = text[node.body:node.own_end].strip()
    node.text = own
    first_line = own.split("\n", 1)[0].strip()
    m = _SENTENCE_END.search(first_line)
    if m and m.start() > 0:
        title = first_line[:m.start()]
    else:
        title = first_line
    if not node.line_start and node.style in ("cn_dun", "chapter") and len(title) > 20:
        # a heading run into its text on one line ("一、总体要求以习近平…"): cut after the heading noun
        m = _CN_HEADING_END.match(fold_traditional(title))  # same length: cut the original there
        if m:
            title = title[:m.end()]
    if len(title) > 300:
        title = title[:300].rsplit(" ", 1)[0] + "…"
    node.title = title.strip(" \t:：")


def _number(nodes: list[Node], prefix: str) -> None:
    for i, node in enumerate(nodes, 1):
        node.ordinal = i
        node.id = f"{prefix}{node.number if node.number is not None else i}"
        _number(node.children, node.id + ".")


def assign_kinds(roots: list[Node], names_region: Callable[[str], bool] | None = None) -> None:
    """Kinds from the tree's shape and heading words (module docstring, step 4)."""
    for node in _walk(roots):
        node.kind = "section" if node.parent is None else "task"
        if node.style == "article":
            node.kind = "measure"  # articles are provisions in their own right
    # programmes: a sibling group whose members mostly name a region and have children
    if names_region is not None:
        for group in _sibling_groups(roots):
            with_children = [n for n in group if n.children]
            if len(group) < 2 or len(with_children) < max(2, len(group) / 2):
                continue
            naming = sum(1 for n in with_children if names_region(n.title))
            # a third is enough: one or two damaged or region-less headings (a closing "pairing"
            # programme, a name lost to a bad replace) must not turn every programme into a task
            if naming >= max(2, len(with_children) / 3):
                for n in with_children:
                    n.kind = "programme"
                    for c in n.children:
                        c.kind = "task"
    # programmes by shape: the groups of items with items of their own under a heading of the
    # plan's work ("重点任务", "Key Actions", "Aufgaben"), and articles that hold numbered
    # sub-items ("Article 5. Support for Yunnan." over "5.1", "5.2")
    for node in _walk(roots):
        title = fold_traditional(node.title[:60])
        if TASK_WORDS.search(title) and not SAFEGUARD_WORDS.search(title) and not GOAL_WORDS.match(title):
            with_children = [c for c in node.children if c.children]
            if len(with_children) >= 2:
                _make_programmes(with_children)
    for group in _sibling_groups(roots):
        articles = [n for n in group if n.style == "article" and n.children
                    and all(c.style != "article" for c in n.children)]
        if articles:
            _make_programmes(articles)
    # measures: a series whose numbers run on from one parent to the next
    for series in _continuing_series(roots):
        for n in series:
            if n.kind != "programme":
                n.kind = "measure"
    # safeguards: the children of a safeguard heading (not a running series of measures)
    for node in _walk(roots):
        if SAFEGUARD_WORDS.search(fold_traditional(node.title[:60])) and len(node.title) < 80:
            if node.children:
                for c in node.children:
                    # articles under a safeguards part ("PART THREE SAFEGUARDS / Article 8") are
                    # safeguards even when their numbers run on from the tasks' articles
                    if c.kind != "measure" or c.style == "article":
                        c.kind = "safeguard"
            elif node.parent is not None and node.kind != "measure":
                node.kind = "safeguard"
    for node in _walk(roots):
        if GOAL_WORDS.match(fold_traditional(node.title)) and len(node.title) < 60:
            node.kind = "goal"


def _make_programmes(nodes: list[Node]) -> None:
    for n in nodes:
        n.kind = "programme"
        for c in n.children:
            c.kind = "task"


def _walk(nodes):
    for n in nodes:
        yield from n.walk()


def _sibling_groups(roots):
    yield roots
    for n in _walk(roots):
        if n.children:
            yield n.children


def _continuing_series(roots) -> list[list[Node]]:
    """Groups of same-style children of consecutive parents whose numbering continues."""
    out = []
    for group in _sibling_groups(roots):
        parents = [p for p in group if p.children]
        run: list[Node] = []
        for p in parents:
            kids = p.children
            if run and kids[0].style == run[-1].style and kids[0].number == (run[-1].number or 0) + 1:
                run.extend(kids)
            else:
                if _spans_parents(run):
                    out.append(run)
                run = list(kids)
        if _spans_parents(run):
            out.append(run)
    return out


def _spans_parents(run: list[Node]) -> bool:
    return len({id(n.parent) for n in run}) >= 2 and len(run) >= 4
