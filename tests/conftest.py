from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "seeds" / "000_d119ceb19cfc3e37.txt"
CORPORA = SHARED / "corpora"


@pytest.fixture
def seed_path() -> Path:
    return SEED
