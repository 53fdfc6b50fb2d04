"""The API's one error for bad parameters: a 400 saying what is wrong with each."""

from __future__ import annotations

from django.forms.utils import ErrorDict


class BadRequest(Exception):
    """Parameters the API cannot use; `errors` maps each parameter to what is wrong with it."""

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}

    def body(self) -> dict:
        return {"detail": self.detail, "errors": self.errors}

    @classmethod
    def from_form(cls, errors: ErrorDict) -> BadRequest:
        """Return the error of a search whose FilterSet did not validate."""
        by_name = {name: [str(text) for text in messages] for name, messages in errors.items()}
        return cls(f"This search cannot be run: {summary(by_name)}", by_name)

    @classmethod
    def from_validation(cls, problems: list[dict]) -> BadRequest:
        """Return the error of parameters that django-ninja could not read as their type."""
        by_name: dict[str, list[str]] = {}
        for problem in problems:
            # loc is ("query", name) for a query parameter; the name alone is what a user sent.
            name = str(problem.get("loc", ["", "request"])[-1])
            by_name.setdefault(name, []).append(problem.get("msg", "Not a valid value."))
        return cls(f"Bad parameters: {summary(by_name)}", by_name)


def summary(errors: dict[str, list[str]]) -> str:
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
