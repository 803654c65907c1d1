import logging

from django.conf import settings
from django.db import DatabaseError
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render

from config.typographie import typographier

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class BaseIndisponibleMiddleware:
    """A database that is down gets a French 503 page, never a traceback or a bare 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            logger.error("Base de données indisponible : %s", type(exception).__name__)
            reponse = render(request, "503.html", status=503)
            reponse["Retry-After"] = "60"
            return reponse
        return None


class TypographieMiddleware:
    """French spaces in the text of every public HTML page (config/typographie.py): the texts of
    templates, the simulator's messages and the barème's labels, not only the editors' texts
    (those are already right in the database). The admin is left alone: its forms show the
    editors' own text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            typographier(response)
        return response


class GZipPagesMiddleware(GZipMiddleware):
    """Compresses the HTML pages and fragments (not the API's JSON, left as its clients expect);
    Django's GZip pads each response with random bytes against BREACH-style attacks."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
