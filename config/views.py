from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """For load balancers and the benchmark: 200 `ok` once the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("base de données indisponible", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request):
    sitemap = f"{settings.SITE_URL}/sitemap.xml"
    # The directory's results name people: never indexed (they are `noindex` too).
    body = f"User-agent: *\nDisallow: /admin/\nDisallow: /trouver-un-medecin/\nSitemap: {sitemap}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


# --- French error pages (DESIGN §4: French everywhere, even when something goes wrong) ---------
# Rendered without the request context: a bad Host or a missing database must not make the
# error page itself fail.


def page_d_erreur(gabarit, statut, contexte=None):
    reponse = HttpResponse(loader.render_to_string(gabarit, contexte or {}), status=statut)
    reponse["Cache-Control"] = "no-store"
    return reponse


def requete_invalide(request, exception=None):
    """handler400: too many fields, a bad Host, an unreadable body."""
    return page_d_erreur("400.html", 400)


def acces_refuse(request, exception=None):
    """handler403."""
    return page_d_erreur("403.html", 403)


def erreur_serveur(request):
    """handler500."""
    return page_d_erreur("500.html", 500)


# Fields never shown back: the CSRF token itself and anything that looks like a password.
CHAMPS_JAMAIS_RENDUS = ("csrfmiddlewaretoken", "password", "mot_de_passe", "jeton", "version")


def session_expiree(request, reason=""):
    """An editor's session expired while writing (CSRF_FAILURE_VIEW, and a save without a
    session: `SessionTermineeMiddleware`). Explain it in French and show back what was typed, so
    that nothing is lost (the page is no-store, never cached)."""
    saisies = []
    if request.method == "POST":
        for nom, valeurs in request.POST.lists():
            if any(mot in nom for mot in CHAMPS_JAMAIS_RENDUS):
                continue
            for valeur in valeurs:
                if valeur.strip():
                    saisies.append((nom, valeur))
    return page_d_erreur("403_csrf.html", 403, {"saisies": saisies})
