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
        # Articles that mention both: add the other's counts to the target's mention.
        target_articles = Mention.objects.filter(party=target).values("article_id")
        other_articles = Mention.objects.filter(party=other).values("article_id")
        shared = Mention.objects.filter(party=other, article_id__in=target_articles)
        into = {
            mention.article_id: mention
            for mention in Mention.objects.filter(party=target, article_id__in=other_articles)
        }
        for mention in shared:
            kept = into[mention.article_id]
            kept.count += mention.count
            kept.first_offset = min(kept.first_offset, mention.first_offset)
        Mention.objects.bulk_update(into.values(), ["count", "first_offset"])
        moved += len(into)
        shared.delete()
        moved += Mention.objects.filter(party=other).update(party=target)
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
