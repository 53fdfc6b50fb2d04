"""Find the shared data folder (corpora, seed, acceptance) from any checkout of the project.

The project's own checkout sits beside `shared/`; a git worktree may sit deeper. The first
`shared/` found beside the project root or one of its parents is used, unless
NEWS_ARCHIVE_SHARED names the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_folder() -> Path:
    """Return the shared data folder, or raise FileNotFoundError naming where it was sought."""
    if os.environ.get("NEWS_ARCHIVE_SHARED"):
        return Path(os.environ["NEWS_ARCHIVE_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared"
    raise FileNotFoundError(f"no shared/corpora beside {ROOT} or its parents")
