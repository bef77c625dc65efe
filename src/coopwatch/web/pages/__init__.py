"""The dashboard: server-rendered pages (Jinja2) over the same library functions as the API,
one module per page family, each with a `router` that `web.app.create_app` includes.

    overview.py  targets by status, province map, pairing network, latest evidence, queue
    plans.py     plans, plan → programme → task pages; evidence and progress review forms
    regions.py   the provinces, one region's trajectories, checks, provenance, tasks
    index.py     the China index: rank intervals, sensitivity, re-run with changed choices
    digest.py    hot topics, pairings and stories of a period, linked to their documents
    cases.py     the case library
    documents.py one document: text, facts, links (confirm / reject)
    data.py      upload (reporters) and the review queue (evaluators)
    exports.py   downloads of the record's tables (CSV, XLSX, JSON)
    lookups.py   the library results pages share, cached per data version (web/cache.py)
    common.py    rendering, language helpers, charts, redirects

`warm_up(app)` is what a server does once at its start (`web.serve`), so that no one's first
page waits for it.
"""

from coopwatch.web.pages.common import install_helpers
from coopwatch.web.templating import templates

install_helpers(templates.env)

# Modules the library imports only inside the function that needs them (a projection's
# prediction interval, the sensitivity design and indices): a server imports them at start.
LAZY_IMPORTS = ("scipy.stats", "SALib.sample.sobol", "SALib.analyze.sobol")


def warm_up(app) -> None:
    """Load what every page needs and nothing reads from the store: the reference data pages
    name things with (gazetteer, indicator catalogue), the modules of LAZY_IMPORTS, every
    template compiled, and the app's routes resolved (FastAPI resolves an included router's
    routes at its first request). Computes no result: those are cached per data version when
    first asked for (web/cache.py)."""
    import importlib

    from coopwatch.indicators.catalogue import indicator_catalogue
    from coopwatch.reference import gazetteer

    gazetteer()
    indicator_catalogue()
    for name in LAZY_IMPORTS:
        importlib.import_module(name)
    for name in templates.env.list_templates(extensions=("html",)):
        templates.env.get_template(name)
    for route in app.router.routes:
        resolve = getattr(route, "effective_candidates", None)  # absent where FastAPI resolves at once
        if resolve is not None:
            resolve()
