"""Static files storage that never turns a missing collectstatic into a server error."""

import logging

from django.contrib.staticfiles import finders
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Link a file the manifest does not know by its plain name, and log it, instead of failing.

    The manifest storage raises for every {% static %} whose file collectstatic has not hashed,
    which makes every page a 500 on a server started before collectstatic (or after a new file
    was added). The plain name still works: WhiteNoise finds the file in the app folders.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unhashed: set[str] = set()

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            if name not in self.unhashed:
                self.unhashed.add(name)
                self.report_unhashed(name)
            return name

    def report_unhashed(self, name: str) -> None:
        if not self.hashed_files:
            if len(self.unhashed) == 1:
                logger.warning(
                    "No static files manifest in %s: collectstatic has not run, so static files "
                    "are linked unhashed and served uncompressed. Run `manage.py collectstatic` "
                    "(make serve does).",
                    self.location,
                )
        # WhiteNoise asks about names that need not exist; only a real file is worth a word.
        elif finders.find(name):
            logger.warning(
                "Static file %r is newer than the last collectstatic: linked unhashed. "
                "Run `manage.py collectstatic` (make serve does).",
                name,
            )
