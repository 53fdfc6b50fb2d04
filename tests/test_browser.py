"""End to end in a real browser (Debian's Chromium, headless) against a server the tests start.

A journalist searches, narrows by clicking a facet, pages, opens an article and downloads a CSV.
"""

import csv
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from archive.models import Party
from tests.factories import make_article, make_party, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    afp, reuters = make_source(name="AFP"), make_source(name="Reuters")
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    for n in range(40):
        make_article(
            title=f"Pipeline report {n}",
            body=f"Gas pipeline talks, round {n}.\n\nNegotiators met again.",
            source=afp if n % 2 else reuters,
            published_at=datetime(2018, 1 + n % 12, 1 + n % 28, tzinfo=UTC),
            parties={russia: 1} if n % 4 == 0 else {},
        )
    return {"russia": russia}


def test_search_facet_page_article_and_csv(page, archive):
    page.goto("/")
    page.get_by_role("searchbox").fill("pipeline talks")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("40 articles match")
    expect(page.locator(".hits mark").first).to_have_text("pipeline", ignore_case=True)

    # Narrow by clicking a facet: the party Russia (10 of the 40 mention it).
    page.locator(".facet").filter(has_text="Countr").get_by_role("link", name="Russia").click()
    assert "party=russia" in page.url
    expect(page.locator(".result-count")).to_contain_text("10 articles match")
    expect(page.locator(".chosen-filters")).to_contain_text("Russia")

    # Lift it again, then page through the 40.
    page.get_by_role("link", name="Remove mentions Russia").click()
    expect(page.locator(".result-count")).to_contain_text("40 articles match")
    page.get_by_role("link", name="Next →").click()
    assert "page=2" in page.url
    expect(page.locator(".pagination")).to_contain_text("Page 2 of 2")
    expect(page.locator(".hits > li")).to_have_count(15)

    # Open an article: the search is highlighted there.
    page.locator(".hits .article-title").first.click()
    expect(page.locator("h1")).to_contain_text("Pipeline report")
    expect(page.locator(".body mark").first).to_be_visible()
    page.go_back()

    # Take the whole list away as CSV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.startswith("news-archive-")
    with open(download.path(), encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert len(rows) == 40
    assert rows[0]["search_url"].endswith("/search/?q=pipeline+talks")


def test_timeline_bar_narrows_to_its_month_and_a_bad_date_explains(page, archive):
    page.goto("/search/?q=pipeline")
    page.locator(".timeline-wide a").first.click()
    assert "from=2018-01-01" in page.url and "to=2018-01-31" in page.url
    expect(page.locator(".result-count")).to_contain_text("4 articles match")
    page.goto("/search/?q=pipeline&from=2018-02-30")
    expect(page.get_by_role("alert")).to_contain_text("valid date")


def test_pages_read_on_a_phone(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    for path in ("/", "/search/?q=pipeline", f"/parties/{archive['russia'].slug}/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
    context.close()
