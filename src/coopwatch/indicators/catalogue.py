"""What the indicators package needs from the reference vocabularies: indicators (id, names,
unit, direction, kind) and regions (a code or any name in zh/en/fr/de to a code; the members of
a group or macro-region). Lookups are cached, because an import resolves the same few names
for a million rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    unit: str
    direction: str = "up"  # "up": more is better; "down": less is better
    kind: str = "level"  # level | ratio | growth
    names: tuple[str, ...] = field(default=())
    labels: tuple[tuple[str, str], ...] = field(default=())  # (lang, short name for tables and reasons)

    def name(self, lang: str = "en") -> str:
        """The indicator's first full name in `lang` (the catalogue lists zh names, then others)."""
        for name in self.names:
            if bool(_CJK.search(name)) == (lang == "zh") and (lang == "zh" or name.isascii()):
                return name
        return self.id

    def label(self, lang: str = "en") -> str:
        """The indicator's short name in `lang` (zh or en), else its id."""
        return dict(self.labels).get(lang) or self.id

    @property
    def level_indicator(self) -> str | None:
        """For a growth indicator, the level series its growth is measured on."""
        if self.kind != "growth":
            return None
        return self.id[: -len("_growth")] if self.id.endswith("_growth") else None


def _key(text: str) -> str:
    """Case, accents, spacing and traditional characters folded, as the gazetteer folds names."""
    from coopwatch.reference.fold import fold

    return " ".join(fold(str(text)).split())


class IndicatorCatalogue:
    """The indicator vocabulary, resolvable by id or by any of its names."""

    def __init__(self, infos: list[IndicatorInfo]):
        self._by_id = {i.id: i for i in infos}
        self._by_name: dict[str, str] = {}
        for info in infos:
            for name in (info.id, *info.names):
                self._by_name.setdefault(_key(name), info.id)

    def __contains__(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    def __iter__(self):
        return iter(self._by_id.values())

    def get(self, indicator_id: str) -> IndicatorInfo | None:
        return self._by_id.get(indicator_id)

    def resolve(self, text: str) -> IndicatorInfo | None:
        """The indicator with this id or name (zh or en, any case), or None."""
        found = self._by_name.get(_key(text))
        return self._by_id[found] if found else None


@lru_cache(maxsize=1)
def indicator_catalogue() -> IndicatorCatalogue:
    from coopwatch.reference import vocabulary

    infos = []
    for term in vocabulary("indicator"):
        extra = dict(getattr(term, "extra", None) or {})
        names: list[str] = []
        # short names for tables (extra short_zh, short_en), else the first name of each language
        labels = {k.removeprefix("short_"): v for k, v in extra.items() if k.startswith("short_")}
        for lang, values in (getattr(term, "names", None) or {}).items():
            values = [values] if isinstance(values, str) else list(values)
            names.extend(values)
            if values:
                labels.setdefault(lang, values[0])
        infos.append(IndicatorInfo(id=term.id, unit=extra.get("unit") or "", direction=extra.get("direction") or "up",
                                   kind=extra.get("kind") or "level", names=tuple(names),
                                   labels=tuple(sorted(labels.items()))))
    return IndicatorCatalogue(infos)


class RegionResolver:
    """Region names or codes to codes, with a cache per distinct spelling."""

    def __init__(self):
        from coopwatch.reference import gazetteer

        self._gazetteer = gazetteer()
        self._cache: dict[str, str | None] = {}

    def code(self, text: str) -> str | None:
        text = str(text).strip()
        if text not in self._cache:
            self._cache[text] = self._resolve(text)
        return self._cache[text]

    def _resolve(self, text: str) -> str | None:
        """Only whole names count: a data value filed under a near miss ("China" → a zone named
        "China (Mianyang) …") would be silently wrong, so this is the gazetteer's exact resolve."""
        info = self._gazetteer.resolve(text)
        return info.code if info else None


@lru_cache(maxsize=1)
def region_resolver() -> RegionResolver:
    return RegionResolver()


def region_info(code: str):
    """The gazetteer record of a code (RegionInfo), or None."""
    from coopwatch.reference import gazetteer

    try:
        return gazetteer().get(code)
    except Exception:  # the gazetteer raises NotFound for unknown codes
        return None


def region_parts(code: str) -> list[str]:
    """The regions whose figures add up to this one: a group's or macro-region's member
    provinces, a zone's parts (the Western Science City's four start-up areas); [] for anything
    else."""
    info = region_info(code)
    if info is None:
        return []
    if info.level == "zone":
        return list(info.parts)
    if info.level not in ("group", "macro"):
        return []
    members = list(getattr(info, "members", None) or [])
    if not members:
        from coopwatch.reference import gazetteer

        members = list(gazetteer().members(code))
    return members


def indicator_label(indicator_id: str, lang: str = "en") -> str:
    """An indicator's short name in `lang` (zh or en), else its id."""
    info = indicator_catalogue().get(indicator_id)
    return info.label(lang) if info else indicator_id


def indicator_name(indicator: str | None, lang: str = "en") -> str:
    """An indicator's full name in `lang` (zh or en), else its id."""
    if not indicator:
        return ""
    info = indicator_catalogue().get(indicator)
    return info.name(lang) if info else indicator


def region_name(code: str | None, lang: str = "en") -> str:
    """A region's name in `lang` (zh or en), else its code."""
    info = region_info(code) if code else None
    if info is None:
        return code or ""
    return (info.name_zh if lang == "zh" else info.name_en) or info.name_zh or code


def with_parts(codes) -> set[str]:
    """The regions and their parts, down to the last level (whose figures add up to them)."""
    wanted = set(codes)
    todo = list(wanted)
    while todo:
        for part in region_parts(todo.pop()):
            if part not in wanted:
                wanted.add(part)
                todo.append(part)
    return wanted


def aggregate_regions() -> list[str]:
    """Codes of every group and macro-region the gazetteer knows, and of every zone made of parts."""
    from coopwatch.reference import gazetteer

    gaz = gazetteer()
    return [info.code for info in gaz.all() if info.level in ("group", "macro") or info.parts]


def province_codes() -> list[str]:
    from coopwatch.reference import gazetteer

    return [info.code for info in gazetteer().provinces()]


def resolve_indicator_id(text: str) -> str:
    """An indicator id from an id or name; InputError naming it when unknown."""
    from coopwatch.errors import InputError

    info = indicator_catalogue().resolve(text)
    if info is None:
        raise InputError(f"unknown indicator {text!r}")
    return info.id


def resolve_region_code(text: str) -> str:
    """A region code from a code or name in any language; InputError naming it when unknown."""
    from coopwatch.errors import InputError

    code = region_resolver().code(text)
    if code is None:
        raise InputError(f"unknown region {text!r}")
    return code
