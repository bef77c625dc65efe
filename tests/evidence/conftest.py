import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("COOPWATCH_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))


@pytest.fixture
def news_dev(shared) -> Path:
    return shared / "data" / "news-dev"


@pytest.fixture(scope="module")
def news_dev_links():
    """`link` over the whole of news-dev, once per test module (the model loads once)."""
    from coopwatch.text.pipeline import link_paths

    folder = SHARED / "data" / "news-dev"
    if not folder.is_dir():
        pytest.skip(f"news-dev not found at {folder}")
    return link_paths([str(folder)])
