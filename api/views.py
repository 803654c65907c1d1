"""The API's French documentation, a page of the site (no CDN, the site's CSP).

Its examples are computed when the page is built, by the same code as the API: the answers shown
are the API's answers for today's barème, and the tests run the page's `curl` commands as pasted."""

import json
import shlex

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api import schemas, v1
from api.middleware import FENETRE
from config import cache_pages
from simulateur import contrat

# How each field reads when absent (DESIGN §3), for the table of the page.
DEFAUTS = {
    "date": "aujourd'hui (heure de Paris)",
    "medecin": "generaliste",
    "secteur": "1",
    "honoraires": "le tarif de ce médecin en secteur 1 à cette date",
    "age": "obligatoire",
    "parcours": "oui",
    "regime": "general",
    "mutuelle": "aucune",
    "mutuelle_non_optam": "déduite de la garantie (règle du contrat responsable)",
    "responsable": "oui",
    "acte": "consultation",
    "lieu": "cabinet",
    "horaire": "jour",
    "participations_annee": "0",
}
VALEURS = {
    "date": "AAAA-MM-JJ ou JJ/MM/AAAA",
    "medecin": "voir /api/v1/medecins",
    "secteur": ", ".join(s.valeur for s in contrat.SECTEURS),
    "honoraires": 'montant en euros : 30, 30.5, "30,50"',
    "age": "années entières, de 0 à 120",
    "regime": ", ".join(v for v, _ in contrat.REGIMES),
    "mutuelle": "% de la base, Sécurité sociale incluse : 100, 150, 200…",
    "mutuelle_non_optam": "% de la base, comme mutuelle",
    "acte": "voir /api/v1/medecins",
    "lieu": ", ".join(v for v, _ in contrat.LIEUX),
    "horaire": ", ".join(v for v, _ in contrat.HORAIRES),
    "participations_annee": "montant en euros",
}

EXEMPLE = {"medecin": "generaliste", "secteur": "2", "honoraires": 50, "age": 40, "mutuelle": 200}
EXEMPLE_INVALIDE = {"age": "quarante", "secteur": "4"}


def commande_post(corps):
    texte = json.dumps(corps, ensure_ascii=False)
    return (
        f"curl -s -X POST {settings.SITE_URL}/api/v1/simulations \\\n"
        f"  -H 'Content-Type: application/json' \\\n"
        f"  -d {shlex.quote(texte)}"
    )


def reponse_de_l_api(corps, request):
    """What `POST /api/v1/simulations` answers for this body (the operation itself, no HTTP)."""
    donnees = v1.lire_json(json.dumps(corps).encode())
    reponse = v1.simulations(request, schemas.Simulation(**donnees))
    return reponse.status_code, json.dumps(reponse.value, ensure_ascii=False, indent=2)


def champs():
    for champ in contrat.CHAMPS:
        case = champ.lire in (contrat.lire_case, contrat.lire_oui_non)
        yield {
            "nom": champ.nom,
            "libelle": champ.libelle,
            "valeurs": VALEURS.get(champ.nom, "oui ou non" if case else ""),
            "defaut": DEFAUTS.get(champ.nom, "non" if champ.lire is contrat.lire_case else ""),
        }


@require_safe
@cache_pages.page_en_cache()
def documentation(request):
    statut, reponse = reponse_de_l_api(EXEMPLE, request)
    statut_invalide, reponse_invalide = reponse_de_l_api(EXEMPLE_INVALIDE, request)
    base = settings.SITE_URL
    return render(
        request,
        "api/documentation.html",
        {
            "champs": list(champs()),
            "exemple": commande_post(EXEMPLE),
            "exemple_statut": statut,
            "exemple_reponse": reponse,
            "invalide": commande_post(EXEMPLE_INVALIDE),
            "invalide_statut": statut_invalide,
            "invalide_reponse": reponse_invalide,
            "bareme": f"curl -s '{base}/api/v1/bareme?date=2026-01-01'",
            "medecins": f"curl -s {base}/api/v1/medecins",
            "openapi": f"curl -s {base}/api/v1/openapi.json",
            "en_tetes": f"curl -si {base}/api/v1/medecins",
            "base": base,
            "limite": settings.API_LIMITE_PAR_MINUTE,
            "fenetre": FENETRE,
            "corps_max": v1.CORPS_MAX // 1024,
        },
    )
