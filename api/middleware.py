"""What every answer under /api/v1/ shares: CORS, preflight, the per-address rate limit, the body
size limit, caching headers and French JSON for the errors Django answers itself (404, 405, 500,
503). The HTML site is untouched: nothing here runs outside `PREFIXE`.

Nothing of the request is logged here, and nothing about the client is stored but a hash of its
address in the shared cache, for one minute.
"""

import hashlib
import json
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from api.v1 import CORPS_MAX, MESSAGES
from config import adresses

PREFIXE = "/api/v1/"
FENETRE = 60  # seconds: the rate limit counts requests per address and per minute

MESSAGES_PAR_STATUT = {
    400: "Requête refusée : elle est mal formée (en-tête Host, adresse ou paramètres).",
    404: "Cette adresse n'existe pas dans l'API : la liste des opérations est sur /api/.",
    405: "Cette méthode n'est pas acceptée à cette adresse.",
    429: "Trop de requêtes depuis votre adresse : réessayez dans {attente} s. L'API accepte "
    "{limite} requêtes par minute et par adresse.",
    500: "Erreur interne : le calcul n'a pas pu être fait. Réessayez plus tard.",
    503: "Service momentanément indisponible : réessayez dans une minute.",
}


def adresse_client(request):
    """The client's address, resolved as the rest of the site does (`config/adresses.py`:
    DJANGO_PROXY_COUNT trusted proxies, each appending to X-Forwarded-For)."""
    return adresses.adresse_client(request)


def attente_avant_nouvelle_requete(request):
    """None while the address is under its limit; otherwise the seconds until the next minute.

    A fixed window per address in the shared cache (Redis in production): one `incr` per request."""
    limite = settings.API_LIMITE_PAR_MINUTE
    if limite <= 0:
        return None
    maintenant = time.time()
    fenetre = int(maintenant // FENETRE)
    empreinte = hashlib.sha256(adresse_client(request).encode()).hexdigest()[:32]
    cle = f"api-limite:{empreinte}:{fenetre}"
    try:
        compte = cache.incr(cle)
    except ValueError:  # the first request of this minute (or a counter that just expired)
        compte = 1 if cache.add(cle, 1, FENETRE + 5) else cache.incr(cle)
    if compte <= limite:
        return None
    return max(1, math.ceil((fenetre + 1) * FENETRE - maintenant))


def reponse_json(status, message, **entetes):
    reponse = HttpResponse(
        json.dumps({"erreurs": {"__all__": [message]}}, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )
    for nom, valeur in entetes.items():
        reponse[nom] = valeur
    return reponse


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIXE):
            return self.get_response(request)
        reponse = self.reponse_anticipee(request) or self.get_response(request)
        return self.entetes(request, self.en_json(reponse))

    def reponse_anticipee(self, request):
        if request.method == "OPTIONS":
            # CORS preflight: any origin, no credentials; never counted against the limit.
            reponse = HttpResponse(status=204)
            del reponse["Content-Type"]
            reponse["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            reponse["Access-Control-Allow-Headers"] = "Content-Type"
            reponse["Access-Control-Max-Age"] = "86400"
            reponse["Allow"] = "GET, POST, OPTIONS"
            return reponse
        attente = attente_avant_nouvelle_requete(request)
        if attente is not None:
            texte = MESSAGES_PAR_STATUT[429].format(attente=attente, limite=settings.API_LIMITE_PAR_MINUTE)
            return reponse_json(429, texte, **{"Retry-After": str(attente)})
        try:
            longueur = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            longueur = 0
        if longueur > CORPS_MAX:  # refused before Django reads a byte of it
            return reponse_json(413, MESSAGES[413])
        return None

    def en_json(self, reponse):
        """Errors Django answers itself (unknown address, wrong method, failure) in French JSON."""
        if reponse.status_code < 400 or reponse.get("Content-Type", "").startswith("application/json"):
            return reponse
        statut = reponse.status_code
        texte = MESSAGES_PAR_STATUT.get(statut) or MESSAGES_PAR_STATUT[500 if statut >= 500 else 400]
        nouvelle = reponse_json(statut, texte)
        for nom in ("Allow", "Retry-After"):
            if nom in reponse:
                nouvelle[nom] = reponse[nom]
        return nouvelle

    def entetes(self, request, reponse):
        # Stateless: no cookie, whatever the site's middleware would set (Django renews a
        # malformed CSRF cookie on any request, for instance).
        reponse.cookies.clear()
        vary = [v for v in reponse.get("Vary", "").split(",") if v.strip() and v.strip().lower() != "cookie"]
        if vary:
            reponse["Vary"] = ",".join(vary)
        elif "Vary" in reponse:
            del reponse["Vary"]
        reponse["Access-Control-Allow-Origin"] = "*"
        reponse["Access-Control-Expose-Headers"] = "Retry-After"
        if request.method in ("GET", "HEAD") and reponse.status_code == 200:
            # The barème of a date and the lists change only when an editor saves.
            reponse["Cache-Control"] = "public, max-age=300"
        else:
            # Simulations carry health answers; errors are never worth keeping.
            reponse["Cache-Control"] = "no-store"
        return reponse
