"""What the benchmarks that use the database share: the corpora, Django, a throwaway database.

A benchmark puts the project root on sys.path, calls `setup_django()` before importing anything
that needs Django, and measures inside `throwaway_database()`: a test_<name> database created
beside the one DATABASE_URL names (a fresh SQLite file by default) and dropped at the end, so a
benchmark never touches real data.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_folder() -> Path:
    """Return the shared data folder (corpora, seed, acceptance) beside the project.

    The project's checkout sits beside `shared/`; a git worktree may sit deeper, so the first
    `shared/` beside the root or one of its parents is used, unless NEWS_ARCHIVE_SHARED names it.
    """
    if os.environ.get("NEWS_ARCHIVE_SHARED"):
        return Path(os.environ["NEWS_ARCHIVE_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"  # where it belongs; readers then say what is missing


SHARED = shared_folder()
CORPORA = SHARED / "corpora"
REUTERS = CORPORA / "reuters21578" / "reuters21578.jsonl.gz"


def setup_django(settings_module: str = "archive.settings") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    import django

    django.setup()


@contextmanager
def throwaway_database() -> Iterator[None]:
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
