"""The review queue in a real browser, at a laptop's width and a phone's: every context can be
read whole, and a party is decided from the keyboard alone, with no policy violation."""

import pytest
from playwright.sync_api import Page, expect

from archive.models import Party
from tests.factories import make_article, make_mention, make_party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long password"
LONG_BODY = (
    "After a night of talks in the old customs house by the harbour, the board of Quorvex"
    " Holdings agreed on Monday to sell its shipping arm to a consortium of three regional"
    " ports, ending a dispute that had kept cargo waiting for weeks."
)


@pytest.fixture
def queue(django_user_model):
    """Two parties awaiting review, the first mentioned in a long sentence, and an editor."""
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    quorvex = make_party(name="Quorvex Holdings", kind="organization", status=Party.Status.NEW)
    lindqvist = make_party(name="Tomas Lindqvist", status=Party.Status.NEW)
    make_mention(make_article(body=LONG_BODY), quorvex, surface="Quorvex Holdings")
    make_article(body="Tomas Lindqvist spoke.", parties={lindqvist: 1})
    return {"quorvex": quorvex, "lindqvist": lindqvist}


def sign_in(page: Page) -> list[str]:
    """Sign the editor in; return the list the page's policy violations are collected in."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    return violations


def contexts_fit(page: Page) -> None:
    """Check that each context is shown whole, across (nearly) the width of the list."""
    content = page.locator("#changelist").bounding_box()["width"]
    for context in page.locator(".review-card .mention-context").all():
        expect(context).to_be_visible()
        box = context.bounding_box()
        clipped = context.evaluate("node => node.scrollWidth > node.clientWidth")
        assert not clipped
        assert box["width"] >= content * 0.85, (box["width"], content)
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("width", [1366, 390])
def test_the_queue_shows_each_context_whole_and_decides_from_the_keyboard(
    browser, live_server, queue, width
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = sign_in(page)
    page.goto("/admin/archive/partytoreview/")
    expect(page).to_have_title("Parties to review (2) | News Archive admin")
    cards = page.locator(".review-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("to sell its shipping arm to a consortium")
    contexts_fit(page)

    # From the first card's name, Tab reaches its Accept button; Enter accepts the party.
    page.locator(f"#review-name-{queue['quorvex'].pk} a").focus()
    page.keyboard.press("Tab")
    accept = page.locator(f"#review-{queue['quorvex'].pk} .review-accept")
    expect(accept).to_be_focused()
    outline = accept.evaluate("node => getComputedStyle(node).outlineStyle")
    assert outline != "none"  # the focus can be seen
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Accepted 1 party.")
    expect(cards).to_have_count(1)
    assert page.url.endswith(f"#review-{queue['lindqvist'].pk}")  # back at the next card
    expect(page).to_have_title("Parties to review (1) | News Archive admin")
    queue["quorvex"].refresh_from_db()
    assert queue["quorvex"].status == Party.Status.ACCEPTED
    assert violations == []
    context.close()


def test_a_party_merges_into_one_typed_in_its_card(page, queue):
    ash = make_party(name="Ash Carter")
    violations = sign_in(page)
    page.goto("/admin/archive/partytoreview/")
    card = page.locator(f"#review-{queue['lindqvist'].pk}")
    card.get_by_label("Merge into").fill("ash carter")
    card.get_by_label("Merge into").press("Enter")  # merges this card's party, no other
    expect(page.locator(".messagelist")).to_contain_text("Merged 1 party into Ash Carter")
    expect(page.locator(".review-card")).to_have_count(1)
    assert not Party.objects.filter(pk=queue["lindqvist"].pk).exists()
    assert Party.objects.get(pk=queue["quorvex"].pk).status == Party.Status.NEW
    assert ash.aliases.filter(name="Tomas Lindqvist").exists()
    assert violations == []


def test_the_merge_box_suggests_parties_as_an_editor_types(page, queue):
    make_party(name="Ash Carter")
    make_party(name="Ashley Young")
    violations = sign_in(page)
    page.goto("/admin/archive/partytoreview/")
    box = page.locator(f"#review-{queue['lindqvist'].pk}").get_by_label("Merge into")
    box.press_sequentially("ash")
    options = page.locator("#review-targets option")
    expect(options).to_have_count(2)
    assert [options.nth(n).get_attribute("value") for n in range(2)] == [
        "ash-carter",
        "ashley-young",
    ]
    expect(options.first).to_have_attribute("label", "Ash Carter (person)")
    assert box.get_attribute("list") == "review-targets"
    box.fill("ash-carter")  # what choosing the first suggestion types
    box.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Merged 1 party into Ash Carter")
    assert violations == []


def test_rejecting_from_a_card_on_a_phone(phone_page, queue):
    violations = sign_in(phone_page)
    phone_page.goto("/admin/archive/partytoreview/")
    card = phone_page.locator(f"#review-{queue['quorvex'].pk}")
    card.get_by_role("button", name="Reject").click()
    expect(phone_page.locator(".messagelist")).to_contain_text("Rejected 1 party.")
    expect(phone_page.locator(".review-card")).to_have_count(1)
    assert not Party.objects.filter(pk=queue["quorvex"].pk).exists()
    assert violations == []


def test_the_article_editor_adds_an_author_box_as_one_is_typed(page, queue):
    article = make_article(title="Ports reopen", authors=["Jane Doe"])
    violations = sign_in(page)
    page.goto(f"/admin/archive/article/{article.pk}/change/")
    expect(page.get_by_label("Author 1")).to_have_value("Jane Doe")
    page.get_by_label("Another author").fill("Ali Veli")
    expect(page.get_by_label("Another author")).to_have_value("")  # a new empty box
    title = page.locator("#id_title").bounding_box()["width"]
    assert title > 600  # room for a headline
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.authors == ["Jane Doe", "Ali Veli"]
    assert violations == []
