"""The index spec file (contracts/index-spec.md): read, check, resolve paths.

Paths in a spec are relative to the spec file; absolute paths are used as they are. A spec can
also be given as a dict (its paths then relative to `base`). Steps are kept in the contract's
order whatever order the file lists them in; a step left out is not applied.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coopwatch.errors import InputError
from coopwatch.store.keys import suggestion, unknown_key

SHIPPED_DATA = Path(__file__).resolve().parent.parent / "data" / "index"  # the shipped specs' files
FILE_KEYS = (("data", "units"), ("data", "observations"), ("meta",), ("denominators",))
STEP_ORDER = ("denominate", "impute", "screen", "treat", "normalise", "aggregate")
TOP_KEYS = ("data", "meta", "denominators", "steps", "weights", "uncertainty", "name", "description")
# The parameters each step reads (documented in its module); any other is a typo, refused.
STEP_PARAMS = {
    "denominate": ("by",),
    "impute": ("method", "series", "max_lag", "by_group"),
    "screen": ("min_availability", "min_nonzero"),
    "treat": ("winmax", "skew", "kurtosis", "log", "lambda", "disable", "indicators"),
    "normalise": ("method", "range", "mean", "sd", "posts", "lower", "upper", "coinr", "truncate", "scale",
                  "targets", "unit", "cap_max", "panel", "indicators"),
    "aggregate": ("method", "p"),
}
DATA_KEYS = ("units", "observations", "year", "regions", "derive", "evidence", "progress", "outcomes")


@dataclass
class IndexSpec:
    data: dict[str, Any]
    meta: Path
    steps: dict[str, dict]
    weights: Any = "original"
    denominators: Path | None = None
    uncertainty: dict[str, Any] = field(default_factory=dict)
    source: str = "spec"
    base: Path = Path(".")
    name: str | None = None

    def with_changes(self, changes: dict) -> "IndexSpec":
        """A copy with changed choices: `{step: {param: value}}` merges into the step (a new
        `method` replaces the step's parameters, since they belong to the old method), `{step:
        None}` drops the step, `{"weights": …}` replaces the weights."""
        new = copy.deepcopy(self)
        for key, value in (changes or {}).items():
            if key == "weights":
                new.weights = copy.deepcopy(value)
            elif key in STEP_ORDER:
                if value is None:
                    new.steps.pop(key, None)
                    continue
                value = step_params(key, copy.deepcopy(value), "rebuild")
                new.steps[key] = merge_step_params(new.steps.get(key, {}), value)
            else:
                raise InputError(f"rebuild: {key!r} is not a step ({', '.join(STEP_ORDER)}) or weights")
        new.steps = {s: new.steps[s] for s in STEP_ORDER if s in new.steps}
        return new


def step_params(step: str, value: Any, where: str) -> dict:
    """A step's parameters as a mapping. `aggregate` may also be given as a method name or a
    list with one method per level (the contract's short form): `aggregate: [amean, amean,
    copeland]` is `aggregate: {method: [amean, amean, copeland]}`."""
    if value is None:
        return {}
    if step == "aggregate" and isinstance(value, (str, list)):
        return {"method": value}
    if not isinstance(value, dict):
        raise InputError(f"{where}: parameters of step {step} must be a mapping")
    unknown_key(value, STEP_PARAMS[step], f"{where}: steps.{step}.", what="parameter")
    return value


def merge_step_params(old: dict, new: dict) -> dict:
    """Changed parameters of a step: merged into the old ones, except that a different `method`
    starts afresh (the old parameters belonged to the old method)."""
    if "method" in new and new.get("method") != old.get("method"):
        return dict(new)
    return {**old, **new}


def load_spec(path: str | Path, data_dir: str | Path | None = None) -> IndexSpec:
    """Read a spec file; its relative paths resolve against `data_dir` if given (a shipped spec
    pointed at data kept elsewhere), else against the spec file's folder."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the index spec ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (an index spec is a YAML file)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark is not None else ""
        raise InputError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    base = Path(data_dir).resolve() if data_dir is not None else path.resolve().parent
    return spec_from_dict(raw, base=base, source=str(path))


def spec_from_dict(raw: Any, base: Path = Path("."), source: str = "spec") -> IndexSpec:
    if not isinstance(raw, dict):
        raise InputError(f"{source}: an index spec is a mapping with data, meta and steps")
    unknown_key(raw, TOP_KEYS, f"{source}: ")
    for key in ("data", "meta"):
        if key not in raw:
            raise InputError(f"{source}: missing {key!r}")
    data = raw["data"]
    if not isinstance(data, dict) or not ({"units", "observations"} & set(data)):
        raise InputError(f"{source}: data needs `units: FILE` or `observations: FILE | database`")
    unknown_key(data, DATA_KEYS, f"{source}: data.")
    data = dict(data)
    for key in ("units", "observations"):
        if key in data and data[key] != "database":
            data[key] = _path(base, data[key])
    if "observations" in data and "year" not in data:
        raise InputError(f"{source}: data.observations needs data.year")
    steps = raw.get("steps") or {}
    if not isinstance(steps, dict):
        raise InputError(f"{source}: steps must be a mapping of step: parameters")
    unknown_key(steps, STEP_ORDER, f"{source}: steps.", what="step")
    clean = {}
    for s in STEP_ORDER:
        if s in steps:
            clean[s] = step_params(s, steps[s], source)
    return IndexSpec(data=data, meta=_path(base, raw["meta"]), steps=clean,
                     weights=raw.get("weights", "original"),
                     denominators=_path(base, raw["denominators"]) if raw.get("denominators") else None,
                     uncertainty=raw.get("uncertainty") or {}, source=source, base=base, name=raw.get("name"))


def spec_in_folders(raw: Any, folders: list[Path] | tuple[Path, ...], source: str = "spec") -> IndexSpec:
    """A spec given as a mapping by someone who may not name files on this machine (a web
    request): each file it names (`data.units`, `data.observations` unless `database`, `meta`,
    `denominators`) must be a relative path inside one of `folders` and is taken from the first
    that holds it; an absolute path, a `..` or a file in none of them is refused, naming the
    field. Then read as `spec_from_dict`."""
    if not isinstance(raw, dict):
        raise InputError(f"{source}: an index spec is a mapping with data, meta and steps")
    raw = copy.deepcopy(raw)
    for keys in FILE_KEYS:
        holder = raw
        for key in keys[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(holder, dict) or holder.get(keys[-1]) in (None, "database"):
            continue
        field_name = ".".join(keys)
        value = holder[keys[-1]]
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{source}: {field_name}: expected a file name")
        rel = Path(value)
        if rel.is_absolute() or ".." in rel.parts:
            raise InputError(f"{source}: {field_name}: {value!r} must be a file name relative to the index data "
                             "folders (no absolute path, no ..)")
        found = next((Path(f) / rel for f in folders if (Path(f) / rel).is_file()), None)
        if found is None:
            names = sorted({p.name for f in folders if Path(f).is_dir() for p in Path(f).iterdir()
                            if p.suffix.lower() == ".csv"})
            raise InputError(f"{source}: {field_name}: no file {value!r} in the index data folders"
                             + suggestion(value, names))
        holder[keys[-1]] = str(found.resolve())
    return spec_from_dict(raw, source=source)


def _path(base: Path, value) -> Path:
    p = Path(str(value))
    return p if p.is_absolute() else base / p
