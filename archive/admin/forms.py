"""The admin's forms: party edits, merges and splits, blocked names, article edits."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from archive.lib.names import normalize_name
from archive.models import Article, BlockedName, Party, PartyAlias, PartySlugRedirect


class PartyAliasFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = form.cleaned_data.get("name") if hasattr(form, "cleaned_data") else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = normalize_name(name)
            if key in seen:
                raise forms.ValidationError(f"The alias “{name}” is listed twice.")
            seen.add(key)


class PartyAdminForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["name", "slug", "kind", "status"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        former = PartySlugRedirect.objects.filter(old_slug=slug).select_related("party").first()
        if slug and former is not None and former.party_id != self.instance.pk:
            raise forms.ValidationError(
                f"Old links with this slug lead to {former.party}; choose another slug."
            )
        return slug


class MergeForm(forms.Form):
    """Choose the party that the selected ones are merged into."""

    target = forms.IntegerField(required=False)
    other = forms.CharField(
        required=False,
        max_length=200,
        label="or another party",
        help_text="Its name, an alias or its slug.",
    )

    def __init__(self, *args, selected: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = selected

    def clean(self) -> dict:
        cleaned = super().clean()
        other, target_id = cleaned.get("other", "").strip(), cleaned.get("target")
        if other:
            target = find_party(other)
        elif target_id is not None:
            target = Party.objects.filter(pk=target_id).first()
            if target is None:
                raise forms.ValidationError("That party does not exist any more.")
        else:
            raise forms.ValidationError("Choose the party to merge into.")
        others = [party for party in self.selected if party.pk != target.pk]
        if not others:
            raise forms.ValidationError(f"{target} cannot be merged into itself.")
        cleaned["target_party"], cleaned["others"] = target, others
        return cleaned


def find_party(text: str) -> Party:
    """Return the one party a name, alias or slug (current or former) stands for."""
    if slugify(text) == text.strip():
        try:
            return Party.objects.from_slug(text.strip())[0]
        except Party.DoesNotExist:
            pass
    matches = list(Party.objects.named([text])[:5])
    if not matches:
        raise forms.ValidationError(f"No party is called “{text}”.")
    if len(matches) > 1:
        names = "; ".join(f"{p} ({p.get_kind_display().lower()}, slug {p.slug})" for p in matches)
        raise forms.ValidationError(f"Several parties are called “{text}”: {names}. Give a slug.")
    return matches[0]


class SplitAliasForm(forms.Form):
    """Make one alias of a party a party of its own."""

    alias = forms.ModelChoiceField(queryset=PartyAlias.objects.none(), empty_label=None)
    name = forms.CharField(
        required=False, max_length=200, help_text="Leave empty to name it as the alias."
    )
    kind = forms.ChoiceField(choices=Party.Kind.choices)

    def __init__(self, *args, party: Party, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.party = party
        self.fields["alias"].queryset = party.aliases.all()
        self.fields["kind"].initial = party.kind

    def clean(self) -> dict:
        cleaned = super().clean()
        alias, kind = cleaned.get("alias"), cleaned.get("kind")
        if alias is not None and kind:
            name = cleaned.get("name", "").strip() or alias.name
            if normalize_name(name) == normalize_name(self.party.name) and kind == self.party.kind:
                raise forms.ValidationError(f"{self.party} is this party already.")
        return cleaned


class BlockedNameForm(forms.ModelForm):
    class Meta:
        model = BlockedName
        fields = ["name", "reason"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        twin = BlockedName.objects.filter(normalized=normalize_name(name))
        if self.instance.pk:
            twin = twin.exclude(pk=self.instance.pk)
        if twin.exists():
            raise forms.ValidationError(f"“{name}” is blocked already.")
        return name


class AuthorsWidget(forms.Widget):
    """One text box per author and an empty one for another, all under one name."""

    template_name = "admin/archive/article/authors_widget.html"

    class Media:
        js = ["archive/authors.js"]

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        names = value if isinstance(value, list) else [value] if value else []
        context["widget"]["names"] = [*names, ""]
        return context

    def format_value(self, value):
        return value  # the list as it is: get_context gives each name its box

    def render(self, name: str, value, attrs=None, renderer=None) -> SafeString:
        # The project's templates, which the forms' own renderer does not search.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data


class AuthorsField(forms.Field):
    """The authors of an article: names typed one a box, kept as the list the model stores."""

    widget = AuthorsWidget
    MAX_NAME_LENGTH = 200

    def to_python(self, value) -> list[str]:
        if value in (None, ""):
            return []
        names = [value] if isinstance(value, str) else value
        return [" ".join(str(name).split()) for name in names if str(name).strip()]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        for name in value:
            if len(name) > self.MAX_NAME_LENGTH:
                raise forms.ValidationError(
                    f"An author's name is at most {self.MAX_NAME_LENGTH} characters: {name[:40]}…"
                )

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)


class ArticleAdminForm(forms.ModelForm):
    title = forms.CharField(
        max_length=1000, widget=forms.TextInput(attrs={"class": "vTextField headline-input"})
    )
    authors = AuthorsField(
        required=False, help_text="One name a box; empty a box to take that name away."
    )
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https", label="URL")

    class Meta:
        model = Article
        fields = [
            "title",
            "summary",
            "authors",
            "source",
            "published_at",
            "published_precision",
            "dateline",
            "body",
            "language",
            "url",
            "raw_document",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        title, body = cleaned.get("title"), cleaned.get("body")
        if title is not None and body is not None:
            twin = Article.objects.twin_of(title, body, exclude_pk=self.instance.pk).first()
            if twin is not None:
                raise forms.ValidationError(f"Another article has the same title and body: {twin}")
        return cleaned
