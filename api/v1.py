"""Version 1 of the public API: the simulator's contract as JSON (DESIGN §3).

Every value is read by `simulateur.contrat` and computed by `calcul.simuler`; this module only
turns JSON into the contract's mapping and the `Resultat` into JSON. Transport concerns (CORS,
rate limit, body size, caching headers, French errors outside the operations) live in
`api.middleware`.
"""

import json

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Status
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from api import schemas
from simulateur import affichage, baremes, contrat
from simulateur.models import Parametre, Tarif

CORPS_MAX = 16 * 1024  # bytes; a full simulation is under 1 Kio

MESSAGES = {
    400: "Le corps de la requête n'est pas un JSON valide : envoyez un objet, par exemple "
    '{"age": 40, "honoraires": 30}.',
    413: f"Le corps de la requête dépasse {CORPS_MAX // 1024} Kio : une simulation en occupe moins d'un.",
    415: "Envoyez le corps en JSON, avec l'en-tête « Content-Type: application/json ».",
    "objet": 'Envoyez un objet JSON, par exemple {"age": 40, "honoraires": 30}.',
    "type": "Donnez ce champ en texte (par exemple « oui ») ou en nombre : un booléen, une liste ou "
    "un objet ne conviennent pas.",
    "inconnu": "Ce champ n'existe pas. Champs acceptés : " + ", ".join(contrat.NOMS) + ".",
}


class CorpsRefuse(Exception):
    """The body cannot be read as JSON; `status` says why (400, 413, 415)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def _refuser_constante(nom):
    raise ValueError(nom)  # NaN, Infinity: not JSON


class ParserJson(Parser):
    """JSON numbers are kept as their exact text: the contract reads `30.50` as it reads « 30.50 »
    (no float, no rounding, an exponent refused with the contract's message)."""

    def parse_body(self, request: HttpRequest):
        if request.content_type != "application/json":
            raise CorpsRefuse(415)
        if len(request.body) > CORPS_MAX:
            raise CorpsRefuse(413)
        return lire_json(request.body)


def lire_json(octets):
    try:
        return json.loads(octets, parse_int=str, parse_float=str, parse_constant=_refuser_constante)
    except (ValueError, RecursionError):
        raise CorpsRefuse(400) from None


class Rendu(JSONRenderer):
    media_type = "application/json"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="API publique du calcul · Secteurs & remboursements",
    version="1",
    description=(
        "Le calcul du simulateur sans la page : ce que rembourse l'Assurance Maladie, la "
        "complémentaire, et ce qui reste à payer pour une consultation de médecin. Mêmes champs, "
        "mêmes valeurs par défaut et mêmes messages que le formulaire. Sans compte ni cookie ; "
        "documentation en français sur /api/."
    ),
    docs_url=None,  # the documentation is the site's own page, /api/ (no CDN)
    openapi_url="/openapi.json",
    parser=ParserJson(),
    renderer=Rendu(),
    urls_namespace="api-v1",
)

ERREURS = {status: schemas.Erreurs for status in (400, 413, 415, 422, 429)}


def erreurs(request, status, par_champ):
    return api.create_response(request, {"erreurs": par_champ}, status=status)


def message(status):
    return {"__all__": [MESSAGES[status]]}


@api.exception_handler(HttpError)
def erreur_http(request, exc):
    cause = exc.__cause__
    status = cause.status if isinstance(cause, CorpsRefuse) else exc.status_code
    if status not in MESSAGES:
        status = 400
    return erreurs(request, status, message(status))


@api.exception_handler(ValidationError)
def erreur_de_validation(request, exc):
    """pydantic's messages, in French: only the shape of the body is checked here, every value is
    the contract's business."""
    par_champ = {}
    for erreur in exc.errors:
        chemin = [str(p) for p in erreur["loc"][1:] if p != "corps"]
        if erreur["loc"][0] == "body" and not chemin:
            if erreur["type"] == "missing":  # no body at all
                status = 415 if request.content_type != "application/json" else 400
                return erreurs(request, status, message(status))
            par_champ.setdefault("__all__", []).append(MESSAGES["objet"])
        elif erreur["type"] == "extra_forbidden":
            par_champ.setdefault(chemin[0], []).append(MESSAGES["inconnu"])
        elif chemin:
            par_champ.setdefault(chemin[0], []).append(MESSAGES["type"])
    return erreurs(request, 422, {nom: list(dict.fromkeys(m)) for nom, m in par_champ.items()})


def montant(valeur):
    return affichage.valeur_data(valeur)


def jour(date):
    return date.isoformat() if date else None


@api.post(
    "/simulations",
    response={200: schemas.Resultat, **ERREURS},
    summary="Calculer le remboursement d'une consultation",
    description=(
        "Les champs et valeurs du simulateur ; un champ absent prend la valeur par défaut du "
        "formulaire. Les nombres JSON sont lus comme leur texte (30, 30.5). Réponse 422 avec les "
        "messages du formulaire, champ par champ."
    ),
    operation_id="simuler",
)
def simulations(request, corps: schemas.Simulation):
    lecture, resultat = contrat.calculer(corps.model_dump(exclude_none=True))
    if resultat is None:
        return Status(422, {"erreurs": {nom: list(dict.fromkeys(m)) for nom, m in lecture.erreurs.items()}})
    return Status(
        200,
        {
            "date": jour(lecture.valeurs["date"]),
            "honoraires": montant(resultat.honoraires),
            "base_remboursement": montant(resultat.base_remboursement),
            "remboursement_assurance_maladie": montant(resultat.amo_net),
            "participation_forfaitaire": montant(resultat.participation_forfaitaire),
            "remboursement_complementaire": montant(resultat.complementaire),
            "reste_a_charge": montant(resultat.reste_a_charge),
            "depassement": montant(resultat.depassement),
            "hors_parcours": resultat.hors_parcours,
            "tarif": {
                "code": resultat.tarif.code,
                "montant": montant(resultat.tarif.montant),
                "source": resultat.tarif.source.url,
            },
            "etapes": [
                {
                    "libelle": etape.libelle,
                    "montant": None if etape.montant is None else montant(etape.montant),
                    "explication": affichage.texte(etape),
                    "source": etape.source or None,
                }
                for etape in resultat.etapes
            ],
            "avertissements": [
                {"code": a.code, "texte": affichage.texte(a)} for a in resultat.avertissements
            ],
        },
    )


def _source(ligne):
    return {"url": ligne.source.url, "note": ligne.source.note}


def _medecin(m):
    return {
        "valeur": m.slug,
        "libelle": m.libelle,
        "specialiste": m.specialiste,
        "acces_direct": m.acces_direct,
        "acces_direct_age_min": m.acces_direct_age_min,
        "acces_direct_age_max": m.acces_direct_age_max,
    }


def _acte(a):
    return {
        "valeur": a.slug,
        "libelle": a.libelle,
        "tarif_opposable_seul": a.tarif_opposable_seul,
        "dans_le_parcours_seulement": a.dans_le_parcours_seulement,
        "exonere": a.exonere,
    }


@api.get(
    "/bareme",
    response={200: schemas.Bareme, **ERREURS},
    summary="Le barème en vigueur à une date",
    description="Chaque tarif, majoration et paramètre en vigueur ce jour-là, avec ses dates et sa source.",
    operation_id="bareme",
)
def bareme(request, date: str | None = None):
    """`date`: AAAA-MM-JJ (or JJ/MM/AAAA, like the form); today when absent."""
    try:
        jour_demande = contrat.lire_date(date.strip()[:20]) if date and date.strip() else baremes.aujourdhui()
        b = contrat.bareme_du(jour_demande)
    except contrat.Refus as refus:
        return Status(422, {"erreurs": {"date": [str(refus)]}})
    premier, dernier = baremes.plage()
    categories = dict(Tarif.Categorie.choices)
    libelles_parametres = dict(Parametre.Code.choices)
    return Status(
        200,
        {
            "date": jour(b.date),
            "premier_jour": jour(premier),
            "dernier_jour": jour(dernier),
            "medecins": [_medecin(m) for m in b.medecins.values()],
            "actes": [_acte(a) for a in b.actes.values()],
            "tarifs": [
                {
                    "medecin": t.medecin,
                    "acte": t.acte,
                    "categorie": t.categorie,
                    "categorie_libelle": categories.get(t.categorie, t.categorie),
                    "parcours": t.parcours,
                    "age_min": t.age_min,
                    "age_max": t.age_max,
                    "montant": montant(t.montant),
                    "code": t.code,
                    "debut": jour(t.debut),
                    "fin": jour(t.fin),
                    "source": _source(t),
                }
                for t in b.tarifs
            ],
            "majorations": [
                {
                    "code": m.code,
                    "libelle": m.libelle,
                    "montant": montant(m.montant),
                    "horaire": m.horaire,
                    "lieu": m.lieu,
                    "regulee": m.regulee,
                    "visite_justifiee": m.visite_justifiee,
                    "medecin": m.medecin,
                    "debut": jour(m.debut),
                    "fin": jour(m.fin),
                    "source": _source(m),
                }
                for m in b.majorations
            ],
            "parametres": [
                {
                    "code": p.code,
                    "libelle": libelles_parametres.get(p.code, p.code),
                    "valeur": montant(p.valeur),
                    "unite": p.unite,
                    "debut": jour(p.debut),
                    "fin": jour(p.fin),
                    "source": _source(p),
                }
                for p in sorted(b.parametres.values(), key=lambda p: p.code)
            ],
        },
    )


@api.get(
    "/medecins",
    response={200: schemas.Listes, 429: schemas.Erreurs},
    summary="Les valeurs acceptées",
    description="Types de médecins, secteurs, actes, lieux, horaires et régimes, avec leurs libellés.",
    operation_id="medecins",
)
def medecins(request):
    return Status(
        200,
        {
            "medecins": [_medecin(m) for m in baremes.medecins()],
            "secteurs": [
                {
                    "valeur": s.valeur,
                    "libelle": s.libelle,
                    "aide": s.aide,
                    "page": settings.SITE_URL + reverse("secteurs:secteur", args=[s.page]),
                }
                for s in contrat.SECTEURS
            ],
            "actes": [_acte(a) for a in baremes.actes()],
            "lieux": [{"valeur": v, "libelle": libelle} for v, libelle in contrat.LIEUX],
            "horaires": [{"valeur": v, "libelle": libelle} for v, libelle in contrat.HORAIRES],
            "regimes": [{"valeur": v, "libelle": libelle} for v, libelle in contrat.REGIMES],
        },
    )
