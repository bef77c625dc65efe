"""Composite indices by the JRC/OECD method (COINr's steps and vocabulary), their uncertainty
and sensitivity analysis, panels over years (`panel`), the statistical audit (`audit`) and the
China regional S&T index. See docs/methods/index.md."""

from coopwatch.evaluate.index import Index, compare
from coopwatch.evaluate.spec import IndexSpec, load_spec, spec_from_dict

__all__ = ["Index", "IndexSpec", "compare", "load_spec", "spec_from_dict"]
