from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def news_dev_links(shared):
    """`link` over the whole of news-dev, once per test module (the model loads once)."""
    from coopwatch.evidence.analyse import link_paths

    from coopwatch.plans import bundled_plans

    return link_paths([str(shared / "data" / "news-dev")], bundled_plans())
