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


def annoncer(admin_client, montant="31.00"):
    """The announced row of « le G passe à … au 1er janvier prochain », as the admin makes it."""
    ancienne = generaliste_adulte()
    changement = datetime.date(baremes.aujourdhui().year + 1, 1, 1)
    donnees = {**champs(ancienne), "debut": changement.isoformat(), "fin": "", "montant": montant}
    admin_client.post("/admin/simulateur/tarif/add/", donnees)
    annonce = Tarif.objects.get(pk__gt=ancienne.pk, debut=changement, montant=montant)
    ancienne.refresh_from_db()
    assert ancienne.fin == changement - datetime.timedelta(days=1)
    return ancienne, annonce


def test_retirer_une_annonce_rend_ses_jours_a_la_ligne_precedente(admin_client):
    """An announcement withdrawn (« finalement, pas d'augmentation ») is a deletion: the row in
    force before it takes its days back, instead of a refusal for a gap."""
    ancienne, annonce = annoncer(admin_client)
    url = f"/admin/simulateur/tarif/{annonce.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "plus de valeur" not in page
    assert "reprendra ses jours" in page
    reponse = admin_client.post(url, {"post": "yes"}, follow=True)
    assert "se prolonge désormais" in reponse.content.decode()
    assert not Tarif.objects.filter(pk=annonce.pk).exists()
    ancienne.refresh_from_db()
    assert ancienne.fin is None
    assert ancienne.history.first().history_change_reason.startswith("Reprend les jours")


def test_retirer_une_annonce_par_l_action_groupee(admin_client):
    ancienne, annonce = annoncer(admin_client)
    admin_client.post(
        "/admin/simulateur/tarif/",
        {"action": "delete_selected", "_selected_action": [annonce.pk], "post": "yes"},
    )
    assert not Tarif.objects.filter(pk=annonce.pk).exists()
    ancienne.refresh_from_db()
    assert ancienne.fin is None


def test_une_ligne_deja_en_vigueur_ne_se_retire_pas_ainsi(admin_client):
    """Only what is still to come: deleting a row in force would change today's figures."""
    _, annonce = annoncer(admin_client)
    # The announced row is in force from its start: today moves past it.
    lendemain = annonce.debut + datetime.timedelta(days=1)
    from unittest import mock

    with mock.patch.object(baremes, "aujourdhui", return_value=lendemain):
        page = admin_client.get(f"/admin/simulateur/tarif/{annonce.pk}/delete/").content.decode()
    assert "plus de valeur" in page and "reprendra ses jours" not in page
