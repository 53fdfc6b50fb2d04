"""The search form's pickers, a facet's "more" page and the accessibility pass, in Chromium.

A researcher picks a party with the keyboard (and, without JavaScript, by typing its name),
opens every value of a facet, and reaches the content and every field without a mouse.
"""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from archive.models import Party
from tests.conftest import PHONE
from tests.factories import make_article, make_party, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    """Thirty articles; twelve countries (more than a facet shows), two Putins apart."""
    afp, reuters = make_source(name="AFP"), make_source(name="Reuters")
    countries = [make_party(name=f"Land {n:02d}", kind=Party.Kind.COUNTRY) for n in range(12)]
    putin = make_party(name="Vladimir Putin", kind=Party.Kind.PERSON)
    make_party(name="Vladimir Nabokov", kind=Party.Kind.PERSON)
    for n in range(30):
        mentioned = {country: 1 for k, country in enumerate(countries) if n % 12 >= k}
        if n % 5 == 0:
            mentioned[putin] = 2
        make_article(
            title=f"Summit report {n}",
            body=f"Leaders met at the summit, day {n}.\n\nTalks went on.",
            source=afp if n % 2 else reuters,
            published_at=datetime(2020, 1 + n % 12, 1 + n % 28, tzinfo=UTC),
            parties=mentioned,
        )
    return {"putin": putin, "countries": countries}


def open_refine(page) -> None:
    page.locator(".refine summary").click()
    expect(page.get_by_label("Mentions the party", exact=True)).to_be_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_type_ahead_with_the_keyboard_picks_a_party(device, page, phone_page, archive):
    page = phone_page if device == "phone" else page
    page.goto("/search/?q=summit")
    expect(page.locator(".result-count")).to_contain_text("30 articles match")
    open_refine(page)
    picker = page.get_by_role("combobox", name="Mentions the party")
    picker.press_sequentially("vlad")
    listbox = page.get_by_role("listbox", name="Suggestions: Mentions the party")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(picker).to_have_attribute("aria-expanded", "true")
    picker.press("ArrowDown")
    picker.press("ArrowDown")
    chosen = listbox.get_by_role("option", name="Vladimir Putin")
    expect(chosen).to_have_attribute("aria-selected", "true")
    assert picker.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    picker.press("Enter")
    page.wait_for_url(f"**party={archive['putin'].slug}**")
    expect(page.locator(".result-count")).to_contain_text("6 articles match")
    expect(page.locator(".chosen-filters")).to_contain_text("Vladimir Putin")


def test_escape_closes_the_suggestions(page, archive):
    page.goto("/search/?q=summit")
    open_refine(page)
    picker = page.get_by_role("combobox", name="Mentions the party")
    picker.press_sequentially("land 1")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(2)
    picker.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(picker).to_have_attribute("aria-expanded", "false")
    assert "party=" not in page.url


@pytest.mark.parametrize("viewport", [None, PHONE["viewport"]])
def test_without_javascript_a_typed_name_picks_the_party(browser, live_server, archive, viewport):
    options = {"viewport": viewport} if viewport else {}
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **options)
    page = context.new_page()
    page.goto("/search/?q=summit")
    open_refine(page)
    field = page.get_by_label("Mentions the party", exact=True)
    expect(field).to_have_attribute("list", "party-names")  # the browser's own suggestions
    field.fill("vladimir putin")
    field.press("Enter")
    page.wait_for_url(f"**party={archive['putin'].slug}**")
    expect(page.locator(".result-count")).to_contain_text("6 articles match")

    # A name no party has: the page says so and offers the names that start with it.
    page.goto("/search/?q=summit")
    open_refine(page)
    page.get_by_label("Mentions the party", exact=True).fill("Vladimir")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("alert")).to_contain_text("No party in the archive is called")
    page.get_by_role("link", name="Vladimir Putin (person)").click()
    expect(page.locator(".result-count")).to_contain_text("6 articles match")
    context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_more_page_lists_every_value_and_narrows(device, page, phone_page, archive):
    page = phone_page if device == "phone" else page
    page.goto("/search/?q=summit")
    countries = page.locator(".facet").filter(has=page.get_by_role("heading", name="Countries"))
    expect(countries.locator("li")).to_have_count(8)
    countries.get_by_role("link", name="All countries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Countries in this search")
    expect(page.locator(".value-list li")).to_have_count(12)
    page.get_by_label("Names starting with").fill("land 1")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".value-list li")).to_have_count(2)
    page.get_by_role("link", name="Land 11").click()
    expect(page.locator(".result-count")).to_contain_text("2 articles match")  # 11 and 23
    expect(page.locator(".chosen-filters")).to_contain_text("Land 11")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, archive):
    page.goto("/search/?q=summit")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")  # the next stop is inside the content, not the header
    assert page.evaluate("document.getElementById('content').contains(document.activeElement)")


NAMELESS_FIELDS = """
() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(field => {
    const byLabel = field.labels && [...field.labels].some(label => label.textContent.trim());
    const byAria = (field.getAttribute('aria-label') || '').trim()
      || (field.getAttribute('aria-labelledby') || '').split(' ').some(
        id => id && (document.getElementById(id)?.textContent || '').trim());
    return !byLabel && !byAria;
  })
  .map(field => field.outerHTML)
"""


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_field_has_a_name_and_a_visible_focus(device, page, phone_page, archive):
    page = phone_page if device == "phone" else page
    for path in ("/", "/search/?q=summit", "/search/all/sources/?q=summit"):
        page.goto(path)
        assert page.evaluate(NAMELESS_FIELDS) == [], path
    page.goto("/search/?q=summit")
    open_refine(page)
    for label in ("From the source", "Mentions the party", "From", "To", "Dateline", "Order"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    page.get_by_label("Dateline").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_headings_do_not_skip_a_level(page, archive):
    for path in ("/", "/search/?q=summit", "/search/all/parties/country/?q=summit"):
        page.goto(path)
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        assert levels[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)
