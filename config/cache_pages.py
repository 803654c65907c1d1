"""Public pages served from the shared cache, under keys that hold all a page varies on.

A key is made of the content version (bumped on every save, see `simulateur.baremes`), today's
date (figures change by date), the htmx headers, the path and only the query parameters the
view reads: a random query string or a bogus cookie neither bypasses the cache nor fills it
with copies. Nothing in a cached page comes from the request's Host or query string (canonical
links use `SITE_URL`). Staff, who preview drafts, always get a fresh page.
"""

import functools
import hashlib
import threading

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from config.typographie import typographier
from simulateur import baremes


def est_personnel(request):
    # Only a request with a session cookie can be staff: the session is looked up (one query,
    # even for a forged cookie) and anonymous visitors are still served from the cache.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff


def cle(request, parametres=(), extra=""):
    lus = "&".join(f"{nom}={request.GET.get(nom, '')[:100]}" for nom in parametres)
    brut = "|".join(
        (
            baremes.version(),
            baremes.aujourdhui().isoformat(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
            request.path,
            lus,
            extra,
        )
    )
    return "page:" + hashlib.sha256(brut.encode()).hexdigest()


def page_en_cache(*parametres):
    """Decorator: anonymous GET and HEAD answers of this view come from the shared cache."""

    def decorateur(vue):
        @functools.wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or est_personnel(request):
                return vue(request, *args, **kwargs)
            return servir(request, cle(request, parametres), lambda: vue(request, *args, **kwargs))

        return enveloppe

    return decorateur


# Each process also keeps the last pages it served, for the content version they were built from
# (their keys hold it): a page read from the shared cache costs a file read or a network round
# trip and a decompression on every request, a page kept here costs nothing. Bounded: at most
# MEMOIRE_MAX pages (a few megabytes), forgotten all at once when the version changes or the
# bound is reached.
MEMOIRE_MAX = 256
_verrou = threading.Lock()
_memoire = {"version": None, "pages": {}}


def _lire(la_cle):
    version = baremes.version()
    with _verrou:
        if _memoire["version"] != version:
            _memoire["version"], _memoire["pages"] = version, {}
        trouve = _memoire["pages"].get(la_cle)
    if trouve is None:
        trouve = cache.get(la_cle)
        if trouve is not None:
            _garder(version, la_cle, trouve)
    return trouve


def _garder(version, la_cle, page):
    with _verrou:
        if _memoire["version"] == version:
            if len(_memoire["pages"]) >= MEMOIRE_MAX:
                _memoire["pages"] = {}
            _memoire["pages"][la_cle] = page


def vider_memoire():
    """Forgets this process's pages (tests; the version makes it needless otherwise)."""
    with _verrou:
        _memoire["version"], _memoire["pages"] = None, {}


def servir(request, la_cle, construire):
    trouve = _lire(la_cle)
    if trouve is not None:
        contenu, entetes = trouve
        reponse = HttpResponse(contenu)
        for nom, valeur in entetes:
            reponse[nom] = valeur
        reponse.typographie_faite = True
        return reponse
    reponse = construire()
    if reponse.status_code == 200 and not reponse.streaming:
        typographier(reponse)  # once, before caching: a cached page costs nothing more
        page = (reponse.content, list(reponse.items()))
        cache.set(la_cle, page, settings.PAGES_CACHE_SECONDS)
        _garder(baremes.version(), la_cle, page)
    return reponse
