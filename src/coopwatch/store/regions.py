"""The region table: a copy of the packaged gazetteer (`coopwatch.reference.gazetteer`) in the
database, so records can refer to regions by code and queries can join on them."""

from __future__ import annotations

from sqlalchemy import select

from coopwatch.store.database import Store
from coopwatch.store.models import Region


def load_regions(store: Store) -> int:
    """Copy the packaged gazetteer into the region table (insert what is missing, update names)."""
    from coopwatch.reference import gazetteer

    gaz = gazetteer()
    with store.session() as s:
        have = {r.code: r for r in s.scalars(select(Region))}
        for info in gaz.all():
            row = have.get(info.code)
            values = dict(parent=info.parent, level=info.level, province=info.province,
                          macro_region=info.macro_region, name_zh=info.name_zh, name_en=info.name_en,
                          names={k: list(v) for k, v in info.names.items()}, members=list(info.members))
            if row is None:
                s.add(Region(code=info.code, **values))
            else:
                for k, v in values.items():
                    if getattr(row, k) != v:
                        setattr(row, k, v)
    with store.session() as s:
        return s.query(Region).count()
