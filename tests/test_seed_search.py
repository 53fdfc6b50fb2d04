"""The seed article, ingested as it came, is found the ways a journalist would look for it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(seed_path):
    call_command("ingest", "--no-progress", str(seed_path), stdout=None)
    return Article.objects.get()


def search(client, **params) -> list[int]:
    response = client.get(reverse("archive:search"), params)
    assert response.status_code == 200, response.content
    return [hit.article.pk for hit in response.context["results"].hits]


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"renewed high-level contacts"'},
        {"q": '"deconfliction"'},
        {"q": "deconfliction"},
        {"q": "title:militaries talks"},
        {"party": "sergei-shoigu"},
        {"party": ["sergei-shoigu", "ash-carter"]},
        {"from": "2015-09-18", "to": "2015-09-18"},
        {"q": "syria", "source": "afp", "from": "2015-09-01", "to": "2015-09-30"},
    ],
)
def test_seed_is_found(client, seed, params):
    assert search(client, **params) == [seed.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "hiatus"},  # only in the unrelated headlines that trail the scrape
        {"q": '"tipping points"'},
        {"q": "martial"},
        {"q": "deconfliction", "to": "2015-09-17"},
        {"q": "deconfliction -syria"},
    ],
)
def test_seed_is_not_found(client, seed, params):
    assert search(client, **params) == []
