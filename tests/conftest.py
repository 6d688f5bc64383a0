"""Shared test fixtures: the real reports beside the checkout (skipped with a
reason where ``../shared`` is absent, as in a user's clone), a fresh archive,
the mock government web, and the ``slow`` marker for tests that crawl, render
or convert (still run by CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"
REAL_ABSENT = f"real reports not present: {REAL} is absent (a clone without ../shared beside it)"


def real_file(name: str) -> Path:
    """The path of one real report, or skip the calling test when the folder is absent."""
    path = REAL / name
    if not path.exists():
        pytest.skip(REAL_ABSENT if not REAL.is_dir() else f"real report {name} is not in {REAL}")
    return path


@pytest.fixture
def real() -> Path:
    """The folder of real reports; skips the test when it is absent."""
    if not REAL.is_dir():
        pytest.skip(REAL_ABSENT)
    return REAL


@pytest.fixture
def archive_path(tmp_path) -> Path:
    """Where the test's archive goes (created by ``fresh_db`` or a command)."""
    return tmp_path / "archive.db"


@pytest.fixture
def fresh_db(archive_path):
    """A new archive at ``archive_path``: every migration run, no rows;
    closed after the test."""
    from archive.db import open_archive

    db = open_archive(archive_path)
    yield db
    db.close()


@pytest.fixture(scope="module")
def mock_web(request):
    """The mock government web (every site) running on 127.0.0.1 for one test
    module; its random draw is the module's ``MOCK_WEB_SEED`` (default 1)."""
    from crawler.mocksite import MockSites

    with MockSites(seed=getattr(request.module, "MOCK_WEB_SEED", 1)) as sites:
        yield sites


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: crawls, browsers or conversions (seconds each); CI runs them")
