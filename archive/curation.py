"""Editorial operations on stored records: party decisions re-applied to the archive, re-cleaning.

Every decision about parties (merge, split, rename, block, reject) takes effect on the stored
articles at once, without re-ingesting: the fast dictionary matcher runs again over the bodies
of the articles the decision can change, and their mentions are replaced in bulk.
"""

import functools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Greatest, Substr

from archive.ingest.parties.extractor import PartyExtractor
from archive.ingest.parties.gazetteer import load_gazetteer
from archive.lib.names import normalize_name
from archive.lib.paragraphs import split_paragraphs
from archive.models import (
    SPAN_FIELDS,
    Article,
    BlockedName,
    Mention,
    Party,
    PartyAlias,
    PartySlugRedirect,
)
from archive.search import Query, Term, matching
from archive.store import ArchiveWriter, PartyDirectory

# Articles read, matched and rewritten per transaction.
REAPPLY_BATCH_SIZE = 1000


@dataclass
class ReapplyResult:
    """What re-applying the party decisions changed."""

    articles: int = 0  # articles read again
    changed: int = 0  # articles whose mentions changed
    links_added: int = 0  # (article, party) pairs that appeared
    links_removed: int = 0  # (article, party) pairs that went
    parties_created: int = 0  # names found that no party had (they await review)
    parties_removed: int = 0  # discovered parties no article mentions any more
    seconds: float = 0.0

    def __str__(self) -> str:
        text = (
            f"{self.articles} article{'s' if self.articles != 1 else ''} read again,"
            f" {self.changed} changed ({self.links_added} party links added,"
            f" {self.links_removed} removed)"
        )
        if self.parties_created:
            text += (
                f", {self.parties_created} new part{'y' if self.parties_created == 1 else 'ies'}"
            )
            text += " to review"
        if self.parties_removed:
            text += f", {self.parties_removed} part{'y' if self.parties_removed == 1 else 'ies'}"
            text += " without mentions removed"
        return text

    def add(self, other: "ReapplyResult") -> None:
        """Add another run's figures to these."""
        for figure in fields(self):
            setattr(self, figure.name, getattr(self, figure.name) + getattr(other, figure.name))


def reapply_parties(
    articles: QuerySet[Article] | None = None,
    batch_size: int = REAPPLY_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ReapplyResult:
    """Find the parties of the given articles (default: all) again and replace their mentions.

    Uses the dictionary layer only (the gazetteer, every party and alias in the archive, the
    name heuristics) and the blocked names. Only articles whose mentions differ are written.
    Over the whole archive, discovered parties that no article mentions any more are removed.
    """
    started = time.monotonic()
    whole_archive = articles is None
    if articles is None:
        articles = Article.objects.all()
    article_ids = list(articles.order_by("pk").values_list("pk", flat=True).distinct())
    directory = PartyDirectory()
    extractor = directory.extractor()
    parties_before = Party.objects.count()
    result = ReapplyResult()
    for start in range(0, len(article_ids), batch_size):
        batch = article_ids[start : start + batch_size]
        with transaction.atomic():
            reapply_batch(batch, directory, extractor, result)
        if progress is not None:
            progress(len(batch))
    result.parties_created = Party.objects.count() - parties_before
    if whole_archive:
        orphans = Party.objects.awaiting_review().filter(mentions__isnull=True)
        result.parties_removed = orphans.delete()[1].get(Party._meta.label, 0)
    result.seconds = time.monotonic() - started
    return result


MENTION_FIELDS = ("party_id", "count", "first_offset", "first_length", "surface")


def reapply_batch(
    article_ids: list[int],
    directory: PartyDirectory,
    extractor: PartyExtractor,
    result: ReapplyResult,
) -> None:
    """Read one batch of articles again and rewrite the mentions of those that changed.

    The extractor is layer 1, or both layers for `discover_parties`.
    """
    existing: dict[int, dict[int, tuple]] = {pk: {} for pk in article_ids}
    rows = Mention.objects.filter(article_id__in=article_ids).values_list(
        "article_id", *MENTION_FIELDS
    )
    for article_id, *row in rows:
        existing[article_id][row[0]] = tuple(row)
    stale: list[int] = []
    fresh: list[Mention] = []
    articles = Article.objects.filter(pk__in=article_ids).values_list(
        "pk", "body", "title", "source__name"
    )
    for article_id, body, title, source in articles.iterator(chunk_size=len(article_ids)):
        result.articles += 1
        # The body as stored, paragraph for paragraph, so offsets point into it exactly.
        parties = extractor.find(split_paragraphs(body), title, source or "")
        found = directory.mentions(article_id, parties)
        wanted = {
            mention.party_id: tuple(getattr(mention, name) for name in MENTION_FIELDS)
            for mention in found
        }
        before = existing[article_id]
        if wanted == before:
            continue
        result.changed += 1
        result.links_added += len(wanted.keys() - before.keys())
        result.links_removed += len(before.keys() - wanted.keys())
        stale.append(article_id)
        fresh.extend(found)
    if stale:
        Mention.objects.filter(article_id__in=stale).delete()
        Mention.objects.bulk_create(fresh, batch_size=500)


WORD = re.compile(r"[^\W_]")


def articles_affected_by(
    names: Iterable[str] = (), parties: Iterable[Party | int] = ()
) -> QuerySet[Article]:
    """Return the articles that mention the parties or whose text has one of the names.

    The names are looked up in the full-text index (as phrases, accents and case folded), not
    by scanning every body.
    """
    condition = Q(pk__in=Mention.objects.filter(party__in=list(parties)).values("article_id"))
    # Only letters and digits are indexed: a name of punctuation alone has nothing to find.
    phrases = [[Term(text)] for name in names if WORD.search(text := " ".join(name.split()))]
    if phrases:
        named = matching(Article.objects.all(), Query(groups=[sum(phrases, [])]))
        condition |= Q(pk__in=named.values("pk"))
    return Article.objects.filter(condition)


@transaction.atomic
def merge_parties(target: Party, others: list[Party]) -> int:
    """Fold others into target: their mentions and aliases move, their names become aliases.

    Their slugs (and the slugs that already led to them) now lead to target, which counts as
    reviewed. Return how many mentions moved or were added up.
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
            into[mention.article_id].absorb(mention)
        Mention.objects.bulk_update(into.values(), ["count", *SPAN_FIELDS])
        moved += len(into)
        shared.delete()
        moved += Mention.objects.filter(party=other).update(party=target)
        for name in [other.name, *other.aliases.values_list("name", flat=True)]:
            if normalize_name(name) not in target_aliases:
                PartyAlias.objects.create(party=target, name=name)
                target_aliases.add(normalize_name(name))
        PartySlugRedirect.objects.filter(party=other).update(party=target)
        PartySlugRedirect.objects.update_or_create(old_slug=other.slug, defaults={"party": target})
        other.delete()
    if target.status != Party.Status.ACCEPTED:
        target.status = Party.Status.ACCEPTED
        target.save(update_fields=["status"])
    return moved


def accept_parties(parties: Iterable[Party]) -> ReapplyResult:
    """Accept parties awaiting review; extraction knows their names from now on, everywhere.

    Until an editor accepts it, a discovered party is found only where its own evidence is
    (a title, a suffix, the statistical layer); accepted, its names are found in every
    article that has them, so those articles are read again now.
    """
    parties = list(parties)
    Party.objects.filter(pk__in=[party.pk for party in parties]).update(
        status=Party.Status.ACCEPTED
    )
    names = [party.name for party in parties]
    names += PartyAlias.objects.filter(party__in=parties).values_list("name", flat=True)
    return reapply_parties(articles_affected_by(names, parties))


def reclean_documents(documents) -> Counter:
    """Parse the given raw documents again with today's cleaning; return counts by outcome."""
    writer = ArchiveWriter()
    outcomes: Counter = Counter()
    for raw in documents:
        with transaction.atomic():
            outcomes[writer.reclean(raw).outcome] += 1
    return outcomes


def add_alias(party: Party, name: str) -> None:
    """Give party the alias name unless it has that name or alias already."""
    key = normalize_name(name)
    if key != normalize_name(party.name) and not party.aliases.filter(normalized=key).exists():
        PartyAlias.objects.create(party=party, name=name)


def record_party_edit(party: Party, former_name: str, former_slug: str) -> None:
    """Keep what an edit leaves behind: the former name as an alias, the former slug as a link."""
    add_alias(party, former_name)
    # An alias that spells the new name says nothing more.
    party.aliases.filter(normalized=normalize_name(party.name)).delete()
    if former_slug and former_slug != party.slug:
        PartySlugRedirect.objects.update_or_create(old_slug=former_slug, defaults={"party": party})
    # A live slug wins over a former one.
    PartySlugRedirect.objects.filter(old_slug=party.slug).delete()


def split_alias(alias: PartyAlias, name: str = "", kind: str = "") -> tuple[Party, ReapplyResult]:
    """Make an alias a party of its own and move the mentions whose text uses it.

    The new party is named name (default: the alias) and has kind (default: the old party's);
    when a party of that name and kind exists, the alias goes to it instead.
    """
    source = alias.party
    name, kind = (name or alias.name).strip(), kind or source.kind
    with transaction.atomic():
        target = Party.objects.filter(name__iexact=name, kind=kind).first()
        if target is None:
            target = Party.objects.create(name=name, kind=kind)
        alias.delete()
        add_alias(target, alias.name)
    return target, reapply_parties(articles_affected_by(parties=[source, target]))


def block_names(names: Iterable[str], reason: str = "") -> ReapplyResult:
    """Block names from extraction, remove their mentions everywhere and the parties they name."""
    wanted = {normalize_name(name): name.strip()[:200] for name in names if name.strip()}
    if not wanted:
        return ReapplyResult()
    present = set(
        BlockedName.objects.filter(normalized__in=wanted).values_list("normalized", flat=True)
    )
    BlockedName.objects.bulk_create(
        BlockedName(name=name, normalized=key, reason=reason[:200])
        for key, name in wanted.items()
        if key not in present
    )
    named = list(Party.objects.named(wanted.values()))
    result = reapply_parties(articles_affected_by(wanted.values(), named))
    # A party whose own name is blocked can never be found again.
    gone = [party.pk for party in named if normalize_name(party.name) in wanted]
    result.parties_removed += (
        Party.objects.filter(pk__in=gone).delete()[1].get(Party._meta.label, 0)
    )
    return result


def unblock_names(blocked: QuerySet[BlockedName]) -> ReapplyResult:
    """Let extraction find these names again, in the articles that contain them."""
    names = list(blocked.values_list("name", flat=True))
    blocked.delete()
    return reapply_parties(articles_affected_by(names))


@functools.cache
def shipped_owners() -> dict[str, set[tuple[str, str]]]:
    """Return, for every normalized name and alias of the shipped gazetteer, its parties."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for party in load_gazetteer():
        for form in (party.name, *party.aliases):
            owners.setdefault(normalize_name(form), set()).add((party.name.casefold(), party.kind))
    return owners


def rejection_conflict(party: Party) -> str:
    """Return why blocking the party's name would hurt another party, or "" when it would not."""
    other = Party.objects.named([party.name]).exclude(pk=party.pk).first()
    if other is not None:
        return f"“{party.name}” is also a name of {other} ({other.get_kind_display().lower()})"
    owners = shipped_owners().get(normalize_name(party.name), set())
    if owners - {(party.name.casefold(), party.kind)}:
        return f"“{party.name}” is a name the shipped gazetteer gives another party"
    return ""


def reject_parties(parties: Iterable[Party]) -> tuple[ReapplyResult, list[str]]:
    """Block the parties' names and remove them; refuse those whose name another party uses.

    Return what re-applying changed and, for each refused party, why.
    """
    rejected, refusals = [], []
    for party in parties:
        conflict = rejection_conflict(party)
        if conflict:
            refusals.append(
                f"{conflict}: merge {party} into the right party instead, or block the name"
                " under Blocked names if it never names a party."
            )
        else:
            rejected.append(party)
    result = block_names([party.name for party in rejected], reason="rejected in review")
    return result, refusals


@dataclass
class MentionContext:
    """A few words of an article around a party's first mention in it."""

    article_id: int
    title: str
    before: str
    surface: str
    after: str


def mention_contexts(
    parties: Iterable[Party], per_party: int = 3, width: int = 70
) -> dict[int, list[MentionContext]]:
    """Return, in two queries, the text around the first mention in each party's top articles.

    A party may have hundreds of thousands of mentions: its top ones are read from the index
    mention_party_count (most counted first), a few entries each, and only those are joined to
    their article's body.
    """
    parties = list(parties)
    snippet_length = 2 * width + 60
    by_count = (
        Mention.objects.filter(party=OuterRef("pk")).order_by("-count", "-article_id").values("pk")
    )
    tops = Party.objects.filter(pk__in=[party.pk for party in parties]).values_list(
        "pk", *(Subquery(by_count[rank : rank + 1]) for rank in range(per_party))
    )
    top = [(party_id, mention_id) for party_id, *ids in tops for mention_id in ids if mention_id]
    texts = (
        Mention.objects.filter(pk__in=[mention_id for _, mention_id in top])
        .annotate(
            start=Greatest(F("first_offset") - width, Value(0)),
            snippet=Substr(
                "article__body", Greatest(F("first_offset") - width + 1, Value(1)), snippet_length
            ),
        )
        .values_list(
            "pk",
            "article_id",
            "article__title",
            "first_offset",
            "first_length",
            "start",
            "snippet",
        )
    )
    found = {mention_id: rest for mention_id, *rest in texts} if top else {}
    ranked = [(party_id, *found[mention]) for party_id, mention in top if mention in found]
    contexts: dict[int, list[MentionContext]] = {party.pk: [] for party in parties}
    for party_id, article_id, title, first_offset, length, start, snippet in ranked:
        mark = first_offset - start
        contexts[party_id].append(
            MentionContext(
                article_id=article_id,
                title=title,
                # Cut words are left out: the snippet starts and ends on whole words.
                before=snippet[:mark].split(" ", 1)[-1] if start else snippet[:mark],
                surface=snippet[mark : mark + length],
                after=(
                    snippet[mark + length :].rsplit(" ", 1)[0]
                    if len(snippet) == snippet_length
                    else snippet[mark + length :]
                ),
            )
        )
    return contexts
