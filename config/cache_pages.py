"""Public pages served from the shared cache, under keys that hold all a page varies on.

A key is made of the content version (bumped on every save, see `simulateur.baremes`), today's
date (figures change by date), the htmx headers, the path and only the query parameters the
view reads: a random query string or a bogus cookie neither bypasses the cache nor fills it
with copies. Nothing in a cached page comes from the request's Host or query string (canonical
links use `SITE_URL`). Staff, who preview drafts, always get a fresh page.
"""

import functools
import hashlib

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


def servir(request, la_cle, construire):
    trouve = cache.get(la_cle)
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
        cache.set(la_cle, (reponse.content, list(reponse.items())), settings.PAGES_CACHE_SECONDS)
    return reponse
