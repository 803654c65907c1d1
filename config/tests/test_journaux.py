"""Nothing about a patient in any log line or exception message (issue 11, point 5).

Failing simulations (missing tariff or parameter, invalid answers, an unexpected error) are run
with distinctive answers; then every captured log record, with its traceback, is searched for them.
"""

import logging
import traceback

import pytest
from django.test import Client

from simulateur.models import Parametre, Tarif

pytestmark = pytest.mark.django_db

PATIENT = {
    "date": "2025-03-17",
    "medecin": "psychiatre",
    "secteur": "2",
    "honoraires": "83,17",
    "age": "97",
    "mutuelle": "173",
    "ald": "oui",
    "calculer": "1",
}
TRACES = [
    "2025-03-17",
    "17/03/2025",
    "17 mars 2025",
    "psychiatre",
    "83,17",
    "83.17",
    "173",
    " 97 ",
    "97 ans",
    "'97'",
]


class Collecteur(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.textes = []

    def emit(self, record):
        texte = record.getMessage()
        if record.exc_info:
            texte += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.textes.append(texte)


@pytest.fixture
def journal():
    collecteur = Collecteur()
    racine = logging.getLogger()
    niveau = racine.level
    racine.addHandler(collecteur)
    racine.setLevel(logging.DEBUG)
    yield collecteur
    racine.removeHandler(collecteur)
    racine.setLevel(niveau)


def simuler_de_toutes_les_facons(navigateur):
    for entetes in ({}, {"HTTP_HX_REQUEST": "true"}):
        for variante in (
            PATIENT,
            {**PATIENT, "medecin": "neurologue"},
            {**PATIENT, "age": "quatre-vingt-dix-sept"},
            {**PATIENT, "honoraires": "-83,17"},
            {**PATIENT, "date": "17/03/2025", "secteur": "1-dp"},
        ):
            navigateur.post("/simulateur/", variante, **entetes)


def assert_rien_du_patient(journal):
    texte = "\n".join(journal.textes)
    assert journal.textes, "aucun journal : le test ne vérifie rien"
    for trace in TRACES:
        assert trace not in texte, (trace, texte[:2000])


def test_les_simulations_impossibles_ne_journalisent_rien_du_patient(journal):
    Parametre.objects.filter(code="seuil-information-ecrite").delete()
    Tarif.objects.filter(medecin__slug="psychiatre", categorie="secteur2").delete()
    Tarif.objects.filter(medecin__slug="neurologue").delete()
    navigateur = Client(raise_request_exception=False)
    simuler_de_toutes_les_facons(navigateur)
    assert_rien_du_patient(journal)


def test_une_erreur_imprevue_ne_journalise_rien_du_patient(journal, monkeypatch):
    def panne(situation, bareme):
        raise RuntimeError("panne imprévue du calcul")

    monkeypatch.setattr("simulateur.calcul.simuler", panne)
    navigateur = Client(raise_request_exception=False)
    simuler_de_toutes_les_facons(navigateur)
    assert any("panne imprévue" in t for t in journal.textes)
    assert_rien_du_patient(journal)
