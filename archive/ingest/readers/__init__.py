"""Readers: turn paths, folders, .gz files and standard input into raw items, one a document.

files.py walks paths and sniffs formats; records.py splits JSON into records; decoding.py turns
bytes into text.
"""

from archive.ingest.readers.files import read_inputs

__all__ = ["read_inputs"]
