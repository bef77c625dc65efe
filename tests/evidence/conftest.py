from pathlib import Path

import pytest


@pytest.fixture
def news_dev(shared) -> Path:
    return shared / "data" / "news-dev"
