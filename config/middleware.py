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


# Public forms send a few short answers: the simulator's POST is under 2 Ko.
CORPS_PUBLIC_MAX = 64 * 1024


# The admin keeps Django's own limits (`DATA_UPLOAD_MAX_MEMORY_SIZE`) for editors' long texts;
# the API refuses large bodies itself, in French JSON (api.middleware).
CHEMINS_AUX_LIMITES_PROPRES = ("/admin/", "/api/")
METHODES_SANS_CORPS = ("GET", "HEAD", "OPTIONS")


class EnvoisPublicsMiddleware:
    """Public pages take no upload and no large body: a French 413 before anything is read, so
    nothing is parsed, kept in memory or written to disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in METHODES_SANS_CORPS and not request.path.startswith(
            CHEMINS_AUX_LIMITES_PROPRES
        ):
            try:
                longueur = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                longueur = CORPS_PUBLIC_MAX + 1
            # A small multipart body is read in memory (`FILE_UPLOAD_HANDLERS`) to see whether it
            # holds a file; a large one is refused unread.
            if longueur > CORPS_PUBLIC_MAX or (
                request.META.get("CONTENT_TYPE", "").startswith("multipart/") and request.FILES
            ):
                from config.views import page_d_erreur

                return page_d_erreur("413.html", 413)
        return self.get_response(request)


# Responses that carry a patient's answers: never stored by a browser or a proxy, errors included.
CHEMINS_SANS_STOCKAGE = ("/simulateur/", "/api/")


class ReponsesDErreurMiddleware:
    """Every error keeps `no-store` on the simulator (a 500 comes from `handler500`, not from
    the view and its `never_cache`), and an empty 405 (`require_http_methods`) gets a French
    page. First in the chain after SecurityMiddleware: it sees every final response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if reponse.status_code == 405 and not request.path.startswith("/api/") and not reponse.content:
            from config.views import page_d_erreur

            francaise = page_d_erreur("405.html", 405)
            francaise["Allow"] = reponse.get("Allow", "")
            reponse = francaise
        if reponse.status_code >= 400 and request.path.startswith(CHEMINS_SANS_STOCKAGE):
            reponse["Cache-Control"] = "no-store"
        return reponse


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


class SessionTermineeMiddleware:
    """An editor's save that arrives after the session ended (8 hours without opening a page, or
    a logout in another tab) would be sent to the login page, and the text typed with it lost:
    it gets the page of an expired session instead, which shows every text back (French, no-store).
    After AuthenticationMiddleware; logging in and out are posts without a session."""

    SANS_SESSION = ("/admin/login/", "/admin/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and not request.path.startswith(self.SANS_SESSION)
            and not request.user.is_authenticated
        ):
            from config.views import session_expiree

            return session_expiree(request)
        return self.get_response(request)
