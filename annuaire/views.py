from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from annuaire import recherche
from annuaire.models import Edition
from config import cache_pages
from simulateur import baremes, contrat

# Search terms are names of doctors, not health data; still, they are never logged (the access
# log format leaves query strings out, see config/gunicorn.conf.py), stored or cached.


@never_cache
@vary_on_headers("HX-Request")
@require_safe
def trouver(request):
    edition = Edition.objects.active()
    medecins = {m.slug: m.libelle for m in baremes.medecins()}
    nom = request.GET.get("nom", "")[:100].strip()
    lieu = request.GET.get("lieu", "")[:100].strip()
    medecin = request.GET.get("medecin", "")
    if medecin not in medecins:
        medecin = ""
    cherche = bool(nom or lieu)
    page = resultats = None
    if edition and cherche:
        resultats = recherche.chercher(edition, nom, lieu, medecin, request.GET.get("page"))
    if resultats is not None:
        page = Paginator(resultats, recherche.PAR_PAGE).get_page(request.GET.get("page"))
        preparer(page)
    template = "annuaire/trouver.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#resultats"
    return render(
        request,
        template,
        {
            "edition": edition,
            "nom": nom,
            "lieu": lieu,
            "medecin": medecin,
            "medecins": medecins.items(),
            "cherche": cherche,
            "trop_court": cherche and resultats is None,
            "page": page,
            "secteurs": contrat.SECTEURS_PAR_VALEUR,
            "parametres_page": _parametres_page(nom, lieu, medecin),
        },
    )


def preparer(page):
    """What each result shows, worked out once per page rather than by the template (reversing
    URLs for 50 results dominated the response time)."""
    simulateur = reverse("simulateur:simulateur")
    pages_secteurs = {s.valeur: reverse("secteurs:secteur", args=[s.page]) for s in contrat.SECTEURS}
    for medecin in page:
        medecin.nom_affiche = f"{medecin.prenom.title()} {medecin.nom}"
        medecin.lieu_affiche = f"{medecin.ville.title()} ({medecin.code_postal})"
        medecin.secteur_affiche = contrat.SECTEURS_PAR_VALEUR[medecin.secteur]
        medecin.page_secteur = pages_secteurs[medecin.secteur]
        medecin.lien = f"{simulateur}?{medecin.parametres_simulateur()}"


def _parametres_page(nom, lieu, medecin):
    return urlencode({k: v for k, v in (("nom", nom), ("lieu", lieu), ("medecin", medecin)) if v})


@require_safe
@cache_pages.page_en_cache()
def a_propos(request):
    return render(request, "annuaire/a_propos.html", {"edition": Edition.objects.active()})
