"""Reliability and security: hostile input, login throttling, editors' rights, failures."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.db.utils import OperationalError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulateur import contrat

pytestmark = pytest.mark.django_db

CHAMPS = [*contrat.NOMS, "calculer", "honoraires_auto"]
HOSTILES = st.one_of(
    st.sampled_from(
        [
            "1e309",
            "NaN",
            "-0",
            "Infinity",
            "-1e-9",
            "٣٠",
            "３０",
            "30,5,5",
            "0x1E",
            "9" * 400,
            "2025-02-30",
            "31/12/9999",
            "0000-01-01",
            "oui",
            "non",
            "",
            " ",
            "\x00",
            "<script>",
            "1_000",
        ]
    ),
    st.text(max_size=50),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**30), 10**30).map(str),
)


def montants(html):
    return {i: Decimal(v) for i, v in re.findall(r'<data id="([a-z-]+)" value="([^"]+)"', html)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    donnees=st.dictionaries(st.sampled_from(CHAMPS), st.one_of(HOSTILES, st.lists(HOSTILES, max_size=3))),
    htmx=st.booleans(),
)
def test_le_simulateur_resiste_a_toute_saisie(client, donnees, htmx):
    reponse = client.post("/simulateur/", donnees, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    trouves = montants(html)
    if trouves:
        assert all(m >= 0 for m in trouves.values())
        assert (
            trouves["remboursement-assurance-maladie"]
            + trouves["remboursement-complementaire"]
            + trouves["reste-a-charge"]
        ) == trouves["honoraires-payes"]
    else:
        assert "Le formulaire contient" in html or "indiquez encore" in html or "Corrigez" in html


@pytest.mark.parametrize(
    ("corps", "type_contenu"),
    [
        ('{"age": 40}', "application/json"),
        ("<xml/>", "text/xml"),
        ("\xff\xfe", "application/octet-stream"),
        ("age=40&age=50&medecin=generaliste&medecin=pediatre", "application/x-www-form-urlencoded"),
    ],
)
def test_types_de_contenu_inattendus(client, corps, type_contenu):
    reponse = client.post("/simulateur/", corps, content_type=type_contenu)
    assert reponse.status_code == 200


def test_verrouillage_apres_cinq_echecs():
    User.objects.create_superuser("cheffe", "c@example.org", "bon-mot-de-passe-2026")
    navigateur = Client()
    statuts = [
        navigateur.post("/admin/login/", {"username": "cheffe", "password": "faux"}).status_code
        for _ in range(5)
    ]
    assert statuts == [200, 200, 200, 200, 429]
    reponse = navigateur.post("/admin/login/", {"username": "cheffe", "password": "bon-mot-de-passe-2026"})
    assert reponse.status_code == 429
    assert "Connexion bloquée" in reponse.content.decode()
    assert "Content-Security-Policy" in reponse


def test_un_editeur_modifie_contenus_et_bareme_mais_pas_les_utilisateurs(client):
    editrice = User.objects.create_user("editrice", password="x", is_staff=True)
    editrice.groups.add(Group.objects.get(name="Éditeur"))
    client.force_login(editrice)
    for url in (
        "/admin/secteurs/question/",
        "/admin/secteurs/page/1/change/",
        "/admin/simulateur/tarif/add/",
        "/admin/simulateur/parametre/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_seul_le_personnel_entre_dans_l_admin(client):
    client.force_login(User.objects.create_user("patient", password="x"))
    reponse = client.get("/admin/")
    assert reponse.status_code == 302 and "/admin/login/" in reponse["Location"]


def test_base_indisponible_page_503_en_francais(client, monkeypatch):
    def panne(*args, **kwargs):
        raise OperationalError("connexion refusée")

    monkeypatch.setattr("secteurs.views.visibles", panne)
    reponse = client.get("/")
    assert reponse.status_code == 503
    html = reponse.content.decode()
    assert "Service momentanément indisponible" in html and '<html lang="fr">' in html
    assert "Content-Security-Policy" in reponse


def test_csp_sur_l_admin_et_les_erreurs(client):
    for url in ("/admin/login/", "/page-qui-n-existe-pas/"):
        reponse = client.get(url)
        assert "default-src 'none'" in reponse["Content-Security-Policy"], url


def test_les_reponses_ne_sont_jamais_journalisees(client, caplog):
    caplog.set_level("DEBUG")
    for entetes in ({}, {"HTTP_HX_REQUEST": "true"}):
        client.post(
            "/simulateur/", {"age": "47", "honoraires": "31,41", "ald": "oui", "css": "oui"}, **entetes
        )
        client.post(
            "/simulateur/", {"age": "quarante-sept", "honoraires": "-31,41", "maternite": "oui"}, **entetes
        )
    for valeur in ("31,41", "quarante-sept", "47"):
        assert valeur not in caplog.text
