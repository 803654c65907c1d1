"""Data can be incomplete, the site stays up (issue 11, point 1).

An editor deletes a row the site needs (a parameter, a tariff): every page that quotes a figure
still answers 200 in French, the simulator says why it cannot compute, and no 5xx, ever."""

import json

import pytest
from django.test import Client

from secteurs.models import Page, Question
from secteurs.views import PAGES_INTEGREES
from simulateur.models import Majoration, Parametre, Tarif

pytestmark = pytest.mark.django_db

SIMULATIONS = [
    {"age": "34", "medecin": "psychiatre", "secteur": "2", "honoraires": "80", "mutuelle": "150"},
    {"age": "40", "medecin": "generaliste", "secteur": "1"},
    {"age": "40", "medecin": "generaliste", "secteur": "2-optam", "honoraires": "60"},
    {"age": "8", "medecin": "pediatre", "secteur": "1", "parcours": "non"},
    {"age": "50", "medecin": "autre-specialiste", "secteur": "3", "honoraires": "90", "ald": "oui"},
]


def supprimer_parametre(code):
    Parametre.objects.filter(code=code).delete()


def supprimer_tarif(medecin, categorie, adulte=True):
    lignes = Tarif.objects.filter(medecin__slug=medecin, categorie=categorie, acte="consultation")
    if adulte:
        lignes = lignes.filter(age_max__isnull=True)
    lignes.delete()


FAUTES = {
    "seuil-information-ecrite": lambda: supprimer_parametre("seuil-information-ecrite"),
    "taux-amo": lambda: supprimer_parametre("taux-amo"),
    "participation-forfaitaire": lambda: supprimer_parametre("participation-forfaitaire"),
    "majoration-hors-parcours": lambda: supprimer_parametre("majoration-hors-parcours"),
    "psychiatre secteur 2": lambda: supprimer_tarif("psychiatre", "secteur2"),
    "généraliste adulte": lambda: supprimer_tarif("generaliste", "opposable"),
    "tous les tarifs d'autorité": lambda: Tarif.objects.filter(categorie="autorite").delete(),
    "toutes les majorations": lambda: Majoration.objects.all().delete(),
}
PAGES = [
    "/",
    "/tarifs-en-vigueur/",
    "/secteurs/",
    "/secteurs/secteur-1/",
    "/secteurs/secteur-2/",
    "/secteurs/secteur-2-optam/",
    "/secteurs/secteur-3/",
    "/questions-frequentes/",
    "/glossaire/",
    "/simulateur/",
]


@pytest.mark.parametrize("faute", FAUTES)
def test_une_ligne_manquante_ne_fait_jamais_de_5xx(faute):
    FAUTES[faute]()
    navigateur = Client(raise_request_exception=False)
    # And every published page: their texts quote figures through markers.
    publiees = [p.get_absolute_url() for p in Page.objects.publies() if p.slug not in PAGES_INTEGREES]
    publiees += [q.get_absolute_url() for q in Question.objects.publies()]
    for url in dict.fromkeys([*PAGES, *publiees]):
        reponse = navigateur.get(url)
        assert reponse.status_code == 200, (faute, url)
    for donnees in SIMULATIONS:
        for entetes in ({}, {"HTTP_HX_REQUEST": "true"}):
            reponse = navigateur.post("/simulateur/", {**donnees, "calculer": "1"}, **entetes)
            assert reponse.status_code == 200, (faute, donnees, entetes)
            html = reponse.content.decode()
            assert 'id="reste-a-charge"' in html or "barème" in html, (faute, donnees)
        # The public API answers the same way: a result, or a French 422 that says why.
        reponse = navigateur.post("/api/v1/simulations", json.dumps(donnees), content_type="application/json")
        assert reponse.status_code in (200, 422), (faute, donnees, reponse.status_code)


def test_l_api_dit_pourquoi_le_calcul_est_impossible():
    supprimer_tarif("psychiatre", "secteur2")
    reponse = Client().post(
        "/api/v1/simulations", json.dumps(SIMULATIONS[0]), content_type="application/json"
    )
    assert reponse.status_code == 422
    assert reponse["Cache-Control"] == "no-store"
    [message] = reponse.json()["erreurs"]["__all__"]
    assert message.startswith("Il manque un tarif ou un paramètre dans notre barème")


def test_le_patient_lit_pourquoi_le_calcul_est_impossible():
    supprimer_parametre("seuil-information-ecrite")
    supprimer_tarif("psychiatre", "secteur2")
    for entetes in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = Client().post("/simulateur/", {**SIMULATIONS[0], "calculer": "1"}, **entetes).content.decode()
        assert "Il manque un tarif ou un paramètre dans notre barème" in html
        assert 'id="reste-a-charge"' not in html


def test_l_accueil_sans_tarif_du_generaliste():
    supprimer_tarif("generaliste", "opposable")
    supprimer_parametre("taux-amo")
    reponse = Client().get("/")
    assert reponse.status_code == 200
