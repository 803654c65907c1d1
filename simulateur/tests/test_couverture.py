"""The admin refuses a change that would leave a served date without its tariff or parameter."""

import datetime
import re

import pytest
from django.contrib.auth.models import User

from simulateur import baremes
from simulateur.models import Parametre, Tarif

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("cheffe", "c@example.org", "x"))
    return client


def seuil():
    return Parametre.objects.get(code="seuil-information-ecrite", fin__isnull=True)


def generaliste_adulte():
    return Tarif.objects.get(
        medecin__slug="generaliste",
        acte="consultation",
        categorie="opposable",
        age_max__isnull=True,
        fin__isnull=True,
    )


def champs(ligne):
    from django.forms.models import model_to_dict

    donnees = {k: ("" if v is None else v) for k, v in model_to_dict(ligne).items() if k != "id"}
    return donnees


def test_supprimer_un_parametre_requis_est_refuse(admin_client):
    ligne = seuil()
    url = f"/admin/simulateur/parametre/{ligne.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "plus de valeur" in page and "Seuil de l" in page
    reponse = admin_client.post(url, {"post": "yes"})
    assert reponse.status_code == 200
    assert Parametre.objects.filter(pk=ligne.pk).exists()


def test_la_suppression_groupee_est_refusee_aussi(admin_client):
    ligne = generaliste_adulte()
    reponse = admin_client.post(
        "/admin/simulateur/tarif/",
        {"action": "delete_selected", "_selected_action": [ligne.pk], "post": "yes"},
    )
    assert reponse.status_code == 200
    assert "plus de valeur" in reponse.content.decode()
    assert Tarif.objects.filter(pk=ligne.pk).exists()


def test_une_date_de_fin_qui_laisse_un_trou_est_refusee(admin_client):
    ligne = seuil()
    donnees = {**champs(ligne), "fin": "2026-12-31"}
    reponse = admin_client.post(f"/admin/simulateur/parametre/{ligne.pk}/change/", donnees)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "plus de valeur du 1er janvier 2027 au 31 décembre" in html, re.findall(r"errorlist.{0,400}", html)
    ligne.refresh_from_db()
    assert ligne.fin is None


def test_une_nouvelle_ligne_prend_le_relais_de_l_ancienne(admin_client):
    ancienne = generaliste_adulte()
    changement = datetime.date(baremes.aujourdhui().year + 1, 1, 1)
    donnees = {**champs(ancienne), "debut": changement.isoformat(), "fin": "", "montant": "31.00"}
    reponse = admin_client.post("/admin/simulateur/tarif/add/", donnees, follow=True)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "se termine désormais le 31 décembre" in html, re.findall(r"errorlist.{0,400}", html)
    ancienne.refresh_from_db()
    assert ancienne.fin == changement - datetime.timedelta(days=1)
    assert Tarif.objects.filter(debut=changement, montant="31.00").exists()
    # And now the old row may not be deleted: it alone covers the days before.
    page = admin_client.get(f"/admin/simulateur/tarif/{ancienne.pk}/delete/").content.decode()
    assert "plus de valeur" in page
