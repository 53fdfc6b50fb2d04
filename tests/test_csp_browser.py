"""The Content-Security-Policy in a real browser: injected script is refused, the admin still works.

Chromium reports every refused script or style as a console error; the admin walk must not
produce one, and the injection test shows that such errors are seen.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from archive.models import Party
from tests.factories import make_article, make_party, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser: Browser, live_server) -> tuple[Page, list[str]]:
    """Return a new page and the list its policy violations are collected in."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append(f"{page.url}: {message.text}")
        ),
    )
    return page, violations


def test_script_slipped_into_a_page_does_not_run(browser, live_server):
    article = make_article(url="javascript:window.ran_link = true")
    page, violations = open_page(browser, live_server)
    page.goto(article.get_absolute_url())
    page.evaluate(
        """() => {
        // The scraped link, whether the page still renders it or not.
        let link = document.querySelector('a[href^="javascript:"]');
        if (!link) {
            link = document.createElement("a");
            link.href = "javascript:window.ran_link = true";
            document.body.append(link);
        }
        link.click();
        const script = document.createElement("script");
        script.textContent = "window.ran_script = true";
        document.body.append(script);
        document.body.insertAdjacentHTML(
            "beforeend", '<img src="/no-such-image" onerror="window.ran_handler = true">'
        );
        document.body.insertAdjacentHTML(
            "beforeend", '<p id="styled" style="display: none">Styled by scraped markup</p>'
        );
    }"""
    )
    page.wait_for_timeout(500)
    ran = page.evaluate("() => [window.ran_link, window.ran_script, window.ran_handler]")
    assert ran == [None, None, None]
    expect(page.locator("#styled")).to_be_visible()  # inline styles are refused as well
    assert len(violations) >= 4, violations  # and the browser said why each time
    page.context.close()


def test_the_admin_works_under_the_policy_without_a_single_violation(
    browser,
    live_server,
    django_user_model,
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a long password")
    reuters = make_source(name="Reuters")
    party = make_party(name="OPEC", kind=Party.Kind.ORGANIZATION)
    article = make_article(source=reuters, parties={party: 2})
    page, violations = open_page(browser, live_server)

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()

    for path in [
        "/admin/",
        "/admin/archive/article/",
        "/admin/archive/party/",
        "/admin/archive/partytoreview/",
        "/admin/archive/rawdocument/",
        "/admin/archive/ingestrun/",
        "/admin/auth/user/add/",
        f"/admin/archive/party/{party.pk}/change/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")

    # The article form: date shortcuts and the calendar (admin JavaScript that sets styles).
    page.goto(f"/admin/archive/article/{article.pk}/change/")
    page.locator(".datetimeshortcuts").first.get_by_role("link", name="Today").click()
    assert page.locator("#id_published_at_0").input_value() != ""
    page.locator(".date-icon").first.click()
    expect(page.locator(".calendarbox").first).to_be_visible()

    # A new party: the slug is typed from the name (prepopulated fields).
    page.goto("/admin/archive/party/add/")
    page.locator("#id_name").press_sequentially("Angela Merkel")  # prepopulate listens to keys
    expect(page.locator("#id_slug")).to_have_value("angela-merkel")

    # A source alias: the source is chosen through the autocomplete widget.
    page.goto("/admin/archive/sourcealias/add/")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Reu")
    page.locator(".select2-results__option", has_text="Reuters").click()
    page.locator("#id_name").fill("Reuters News")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # An action with its confirmation page.
    page.goto("/admin/archive/party/")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("delete_selected")
    page.get_by_role("button", name="Go").first.click()
    expect(page.get_by_role("heading", name="Delete multiple objects")).to_be_visible()

    assert violations == []
    page.context.close()
