"""Tables that fit the terminal: the one place where the CLI lays out rows.

By default every row is one line: columns get their natural width, and when the table is wider
than the terminal they give way in stages (`fit_widths`: the long-text column, then columns over
their `max_width`, then the other cuttable ones), never below their `min_width`; their text is
cut with an ellipsis. Widths count terminal cells, so a Chinese character takes two.
With `wide=True` (the commands' `--wide`) every column is shown, including the `wide_only`
ones, each in full on one line, however wide that makes the table (for `less -S` or a file).
When text was cut, a last line says so. Headers are given per language.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopwatch.cli.app import console

GAP = 2  # cells between two columns: one cell of padding on each side


@dataclass(frozen=True)
class Col:
    """A column: its header per language, how narrow it may get, how wide it is let grow in
    the default (narrow) layout, and whether it is shown only with --wide."""

    en: str
    zh: str
    min_width: int = 4
    max_width: int | None = None
    justify: str = "left"
    wide_only: bool = False
    shrink: int = 1  # who gives way first when the table is too wide: higher first; 0 never

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def fit_widths(natural: list[int], minimum: list[int], shrink: list[int], available: int,
               cap: list[int | None] | None = None) -> list[int]:
    """Column widths summing to at most `available` where the minimums allow. The long-text
    columns (`shrink` 2 and up) give way first, down to their minimum; then columns wider than
    their cap, down to it; then the other cuttable columns (`shrink` 1), down to their minimum.
    Within a stage the widest goes first, one cell at a time; short columns (a year, a status:
    `shrink` 0) keep their width, and nothing is narrowed while the table fits."""
    widths = list(natural)
    cap = cap or [None] * len(widths)
    levels = sorted({p for p in shrink if p > 0}, reverse=True)
    floors = [[m if p == level else w for m, p, w in zip(minimum, shrink, widths)] for level in levels if level > 1]
    floors.append([max(c, m) if c is not None else w for c, m, w in zip(cap, minimum, widths)])
    floors += [[m if p == 1 else w for m, p, w in zip(minimum, shrink, widths)]] if 1 in levels else []
    for floor in floors:
        while sum(widths) > available:
            candidates = [i for i, w in enumerate(widths) if w > floor[i] and w > minimum[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: (widths[i] - floor[i], widths[i]))
            widths[widest] -= 1
    return widths


def print_table(columns: list[Col], rows: list[list[str]], *, lang: str = "en", wide: bool = False,
                title: str | None = None) -> None:
    """Print rows (one string per column, `wide_only` columns included) as a table that fits the
    console, one line per row, or with --wide every column in full."""
    from rich.cells import cell_len
    from rich.table import Table

    shown = [i for i, c in enumerate(columns) if wide or not c.wide_only]
    cols = [columns[i] for i in shown]
    cells = [[row[i] or "" for i in shown] for row in rows]
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, GAP // 2), title=title,
                  header_style="bold underline")
    natural = [max([cell_len(c.header(lang))] + [cell_len(r[j]) for r in cells]) for j, c in enumerate(cols)]
    if wide:
        widths = natural
    else:
        minimum = [min(c.min_width, n) for c, n in zip(cols, natural)]
        widths = fit_widths(natural, minimum, [c.shrink for c in cols], console.width - GAP * (len(cols) - 1),
                            [c.max_width for c in cols])
    for c, w in zip(cols, widths):
        table.add_column(c.header(lang), justify=c.justify, width=w, no_wrap=True, overflow="ellipsis")
    for r in cells:
        table.add_row(*r)
    total = sum(widths) + GAP * (len(cols) - 1)
    if wide and total > console.width:  # a console as wide as the table: rich never prints wider than its own
        from rich.console import Console

        Console(file=console.file, width=total, force_terminal=console.is_terminal).print(table)
    else:
        console.print(table)
    cut = any(cell_len(r[j]) > w for r in cells for j, w in enumerate(widths))
    if cut:
        console.print("（部分文字已截断：--wide 显示全部）" if lang == "zh" else "(text cut to fit: --wide shows all)",
                      style="dim", highlight=False)

LANGS = ("en", "zh")


def check_lang(lang: str) -> str:
    """The --lang value, or an InputError naming the option (exit 2, one line)."""
    from coopwatch.errors import InputError

    if lang not in LANGS:
        raise InputError(f"--lang: {lang!r} is not one of {', '.join(LANGS)}")
    return lang


def number(x: float | None) -> str:
    """A figure as tables show it: four significant digits, '-' for none."""
    if x is None:
        return "-"
    return f"{x:,.0f}" if abs(x) >= 10_000 else f"{x:.4g}"


def point(p: dict | None) -> str:
    """{"year", "value"} as "2.33 (2023)"; '-' for none."""
    return "-" if not p or p.get("value") is None else f"{number(p['value'])} ({p['year']})"
