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
"""

from coopwatch.web.pages.common import install_helpers
from coopwatch.web.templating import templates

install_helpers(templates.env)
