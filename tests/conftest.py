from pathlib import Path

import pytest

from bench.harness import SHARED

SEED = SHARED / "seeds" / "000_d119ceb19cfc3e37.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def staff_client(client, django_user_model):
    """A test client signed in as a superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client
