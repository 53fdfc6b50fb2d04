"""Editorial operations on stored records: merging parties, re-cleaning raw documents."""

from collections import Counter

from django.db import transaction

from archive.models import Mention, Party, PartyAlias, normalize_name
from archive.store import ArchiveWriter


@transaction.atomic
def merge_parties(target: Party, others: list[Party]) -> int:
    """Fold others into target: their mentions and aliases move, their names become aliases.

    Return how many mentions moved or were added up.
    """
    moved = 0
    target_aliases = set(target.aliases.values_list("normalized", flat=True))
    target_aliases.add(normalize_name(target.name))
    for other in others:
        if other.pk == target.pk:
            continue
        existing = {m.article_id: m for m in Mention.objects.filter(party=target)}
        for mention in Mention.objects.filter(party=other):
            into = existing.get(mention.article_id)
            if into is None:
                mention.party = target
                mention.save(update_fields=["party"])
            else:
                into.count += mention.count
                into.first_offset = min(into.first_offset, mention.first_offset)
                into.save(update_fields=["count", "first_offset"])
                mention.delete()
            moved += 1
        for name in [other.name, *other.aliases.values_list("name", flat=True)]:
            if normalize_name(name) not in target_aliases:
                PartyAlias.objects.create(party=target, name=name)
                target_aliases.add(normalize_name(name))
        other.delete()
    return moved


def reclean_documents(documents) -> Counter:
    """Parse the given raw documents again with today's cleaning; return counts by outcome."""
    writer = ArchiveWriter()
    outcomes: Counter = Counter()
    for raw in documents:
        with transaction.atomic():
            outcomes[writer.reclean(raw).status] += 1
    return outcomes
