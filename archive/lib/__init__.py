"""Plain helpers every layer shares: names, slugs, fingerprints, paragraphs, the vocabulary.

Nothing here touches models or the database; ingestion, the store, the admin and the pages all
import from here, never the other way round.
"""
