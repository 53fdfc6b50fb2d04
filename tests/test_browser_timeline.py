"""The timeline in a real browser (Chromium) at a desktop's and a phone's width.

What the server's label check assumes (text widths, the SVG never scaled) is measured here on
the drawn page: no two tick labels overlap, nothing leaves the chart, bars are wide enough.
"""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A story a day over a month (days), one a week over five years (months), one a month over
# forty years (years); the text says which span it belongs to.
SPANS = {
    "days": (datetime(2019, 9, 2, 9, tzinfo=UTC), timedelta(days=1), 29),
    "months": (datetime(2016, 9, 14, 9, tzinfo=UTC), timedelta(days=7), 5 * 52),
    "years": (datetime(1983, 5, 3, 9, tzinfo=UTC), timedelta(days=30), 40 * 12),
}

# Read the visible chart: every tick label's box, every bar's box, the chart's own box.
MEASURE = """() => {
  const svg = [...document.querySelectorAll('.timeline-chart')]
    .find(s => getComputedStyle(s).display !== 'none');
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  return {
    layout: svg.classList.contains('timeline-wide') ? 'wide' : 'narrow',
    svg: box(svg),
    labels: [...svg.querySelectorAll('text.tick-label')]
      .map(t => ({text: t.textContent, ...box(t)})),
    texts: [...svg.querySelectorAll('text')].map(box),
    bars: [...svg.querySelectorAll('rect.bar')].map(box),
    fontSize: parseFloat(getComputedStyle(svg.querySelector('text')).fontSize),
  };
}"""


@pytest.fixture
def spans():
    for word, (start, step, count) in SPANS.items():
        for n in range(count):
            make_article(
                title=f"Report on {word} {n}",
                body=f"Report on {word}, number {n}.",
                published_at=start + step * n,
            )


def check_chart(drawn: dict, layout: str) -> None:
    assert drawn["layout"] == layout
    assert drawn["fontSize"] >= 11
    labels = sorted(drawn["labels"], key=lambda label: label["left"])
    assert len(labels) >= 2, labels
    for before, after in zip(labels, labels[1:], strict=False):
        assert before["right"] <= after["left"], (before, after)
    svg = drawn["svg"]
    for box in drawn["texts"] + drawn["bars"]:
        assert svg["left"] - 0.5 <= box["left"] and box["right"] <= svg["right"] + 0.5, box
        assert svg["top"] - 0.5 <= box["top"] and box["bottom"] <= svg["bottom"] + 0.5, box
    assert drawn["bars"] and min(bar["width"] for bar in drawn["bars"]) >= 3


@pytest.mark.parametrize("span", list(SPANS))
def test_labels_bars_and_bounds_at_both_widths(page, phone_page, spans, span):
    for browser_page, layout in ((page, "wide"), (phone_page, "narrow")):
        browser_page.goto(f"/search/?q=%22report+on+{span}%22")
        expect(browser_page.locator(".result-count")).to_contain_text("match")
        check_chart(browser_page.evaluate(MEASURE), layout)
        overflow = browser_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0


def test_clicking_a_bar_narrows_to_its_day_or_month(page, phone_page, spans):
    page.goto("/search/?q=%22report+on+days%22")
    page.locator(".timeline-wide a").nth(4).click()
    assert "from=2019-09-06&to=2019-09-06" in page.url
    expect(page.locator(".result-count")).to_contain_text("1 article match")

    # On a phone: the first month of five years, then drawn by day (the 14th to the 28th).
    phone_page.goto("/search/?q=%22report+on+months%22")
    phone_page.locator(".timeline-narrow a").first.click()
    assert "from=2016-09-01&to=2016-09-30" in phone_page.url
    expect(phone_page.locator(".result-count")).to_contain_text("3 articles match")
    expect(phone_page.locator(".timeline-narrow rect.bar")).to_have_count(3)
    expect(phone_page.locator(".timeline-narrow a")).to_have_count(15)


def test_compare_page_draws_two_series_with_a_legend_and_a_table(page, phone_page, spans):
    page.goto("/search/?q=%22report+on+months%22")
    page.get_by_role("link", name="Compare with another search").click()
    expect(page.get_by_label("Search 1")).to_have_value('"report on months"')
    page.get_by_label("Search 2").fill("months number 1*")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".compare-legend li")).to_have_count(2)
    expect(page.locator(".timeline-wide polyline")).to_have_count(2)
    expect(page.locator(".compare-table tbody tr").first).to_contain_text("Sep 2016")
    page.get_by_role("link", name="Share of all articles").click()
    assert "measure=share" in page.url
    expect(page.locator(".measure-switch strong")).to_have_text("Share of all articles")
    drawn = page.evaluate(MEASURE)
    assert drawn["labels"]
    phone_page.goto(page.url)
    expect(phone_page.locator(".timeline-narrow polyline")).to_have_count(2)
    assert phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_keyboard_can_pass_over_the_bars(page, spans):
    page.goto("/search/?q=%22report+on+days%22")
    skip = page.get_by_role("link", name="Skip the chart's bars")
    assert skip.bounding_box()["width"] <= 1  # hidden until the keyboard reaches it
    skip.focus()
    expect(skip).to_be_visible()  # shown while it has the focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Counts as CSV")).to_be_focused()
