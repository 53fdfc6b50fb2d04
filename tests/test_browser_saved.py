"""Saved searches and the feed page in a real browser (Debian's Chromium, headless).

A reader signs in, saves a search, sees nothing new, is told of an article that arrives, and
opens the search again; a feed opened in the browser reads as a page, within the site's policy.
"""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from archive.models import Article
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.factories import make_article, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long password"


@pytest.fixture
def archive(django_user_model):
    django_user_model.objects.create_user("reader", password=PASSWORD)
    reuters = make_source(name="Reuters")
    for number in range(2):
        make_article(
            title=f"Pipeline report {number}",
            body=f"Gas pipeline talks, round {number}.\n\nNegotiators met again.",
            source=reuters,
        )
    make_article(title="Harbour cranes idle", body="Dock workers struck again.")
    Article.objects.update(created_at=datetime(2020, 1, 1, tzinfo=UTC))


def sign_in(page: Page) -> None:
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_reader_saves_a_search_and_hears_of_a_new_article(page, archive):
    page.goto("/search/?q=pipeline")
    page.get_by_role("link", name="Sign in to save this search").click()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Back on the search, signed in.
    expect(page.get_by_role("status")).to_contain_text("2 articles match")
    expect(page.locator(".site-header")).to_contain_text("reader")

    page.get_by_label("Name").fill("Pipelines")
    page.get_by_role("button", name="Save this search").click()
    expect(page.locator(".save-search")).to_contain_text("You saved this search as “Pipelines”")

    page.get_by_role("link", name="Saved searches").click()
    saved = page.locator(".saved-searches > li").filter(has_text="Pipelines")
    expect(saved).to_contain_text("0 new since you last looked")
    expect(saved).to_contain_text("“pipeline”")

    make_article(title="Pipeline report 2", body="Gas pipeline talks resume.")
    make_article(title="Harbour strike ends", body="Dock workers are back.")
    page.reload()
    expect(saved.locator(".new-count")).to_have_text("1 new since you last looked")

    saved.get_by_role("link", name="Pipelines").click()
    expect(page.get_by_role("status")).to_contain_text("3 articles match")
    page.get_by_role("link", name="Saved searches").click()
    expect(saved.locator(".new-count")).to_have_text("0 new since you last looked")

    # Renamed, then deleted, without JavaScript's help.
    saved.get_by_text("Rename or delete").click()
    saved.get_by_label("New name").fill("Gas pipelines")
    saved.get_by_role("button", name="Rename").click()
    renamed = page.locator(".saved-searches > li").filter(has_text="Gas pipelines")
    expect(renamed).to_have_count(1)
    renamed.get_by_text("Rename or delete").click()
    renamed.get_by_role("button", name="Delete “Gas pipelines”").click()
    expect(page.get_by_text("You have no saved searches yet")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_saved_searches_fit_a_phone(phone_page, archive):
    phone_page.goto("/")
    sign_in(phone_page)
    phone_page.goto("/search/?q=pipeline")
    phone_page.get_by_label("Name").fill("Pipelines on the go")
    phone_page.get_by_role("button", name="Save this search").click()
    phone_page.get_by_role("link", name="Saved searches").click()
    expect(phone_page.locator(".saved-searches > li")).to_have_count(1)
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390


def collect_policy_violations(page: Page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    return violations


def test_a_feed_opened_in_the_browser_reads_as_a_page(browser, live_server, archive):
    """The XSL stylesheet turns the feed into a page under the site's policy.

    Chromium 156 lays a deprecation banner of its own over every XSLT page, styled inline and
    closed by an inline handler, which the policy refuses: the page's own markup is checked in a
    Chromium started without that banner, where any violation is the site's.
    """
    feed_url = f"{live_server.url}/search/feed.atom?q=pipeline"
    bannerless = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_FLAGS, "--disable-features=GenerateXSLTWarningBanner"],
        headless=True,
    )
    try:
        for chromium in (browser, bannerless):
            page = chromium.new_page()
            page.set_default_timeout(15_000)
            violations = collect_policy_violations(page)
            page.goto(feed_url)
            expect(page.get_by_role("heading", level=1)).to_have_text("News Archive: pipeline")
            expect(page.get_by_text("This is a feed.")).to_be_visible()
            expect(page.get_by_label("Feed address")).to_have_value(feed_url)
            expect(page.locator(".feed-entries a")).to_have_count(2)
            # The site's stylesheet applies (the policy let it load).
            expect(page.locator(".feed-explainer")).to_have_css(
                "background-color", "rgb(232, 240, 254)"
            )
            if chromium is bannerless:  # the banner lies over the middle of the page
                page.get_by_role("link", name="Pipeline report 1").click()
                expect(page.locator("h1")).to_have_text("Pipeline report 1")
                assert violations == []
            page.close()
    finally:
        bannerless.close()
