"""The read-only JSON API under /api/v1/: the pages' search and records, for programs.

django-ninja builds the OpenAPI document from the type hints of archive/api/schemas.py and
serves Swagger UI from its own static files; its page loads its settings from a JSON block and
its script from a file, so no inline script runs. Its stylesheet draws a few icons as data: URLs,
which the docs page alone may load (images cannot run anything).
"""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from archive.api import articles, directory
from archive.api.errors import BadRequest

api = NinjaAPI(
    title="News Archive API",
    version="1",
    description=(
        "Read-only. The search parameters are those of the archive's /search/ page; "
        "bad parameters get a 400 whose `errors` say what to fix, by parameter."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0, "tryItOutEnabled": True}),
    docs_decorator=csp_update({"img-src": [SELF, "data:"]}),
)
api.add_router("", articles.router)
api.add_router("", directory.router)


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, error: BadRequest) -> HttpResponse:
    return api.create_response(request, error.body(), status=400)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Answer a parameter of the wrong type with a 400 like the search's own (not a 422)."""
    return bad_request(request, BadRequest.from_validation(error.errors))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(error), "errors": {}}, status=404)
