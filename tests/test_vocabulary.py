"""Each vocabulary is defined once (archive/lib/vocabulary.py); its copies agree with it."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from archive.ingest.cleaning import clean_scrape
from archive.lib.vocabulary import (
    DatePrecision,
    DocumentFormat,
    DocumentStatus,
    PartyKind,
    SegmentEffect,
    SegmentLabel,
)
from archive.models import Article, Party, RawDocument

FIELDS = [
    (Party, "kind", PartyKind),
    (RawDocument, "format", DocumentFormat),
    (RawDocument, "status", DocumentStatus),
    (Article, "published_precision", DatePrecision),
]


@pytest.mark.parametrize(("model", "field", "vocabulary"), FIELDS)
def test_model_choices_are_the_vocabulary(model, field, vocabulary):
    assert model._meta.get_field(field).choices == vocabulary.choices


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "vocabulary"), FIELDS)
def test_the_migrations_hold_the_same_choices(model, field, vocabulary):
    state = MigrationLoader(connection).project_state()
    migrated = state.models["archive", model._meta.model_name].get_field(field)
    assert list(migrated.choices) == vocabulary.choices


def test_every_label_cleaning_writes_is_in_the_vocabulary():
    text = (
        "A title\n\nBy Jane Doe, AFP\n\nMarch 3, 2016\n\nPARIS (AFP) - The first paragraph of"
        " the story runs long enough to count.\n\nThe first paragraph of the story runs long"
        " enough to count.\n\nAdvertisement\n\nReuter\n"
    )
    labels = {segment.label for segment in clean_scrape(text).segments}
    assert labels <= set(SegmentLabel)
    assert {SegmentLabel(label).effect for label in labels} == set(SegmentEffect)


def test_the_models_keep_their_short_names_for_the_vocabulary():
    assert Party.Kind is PartyKind and RawDocument.Format is DocumentFormat
    assert PartyKind.PERSON == "person" and PartyKind.PERSON.label == "Person"
