"""Optimistic locking in the admin (issue 11, point 6): two editors saving the same row, the
second one is told and shown the first one's text, never silently overwrites it."""

import html as html_module
import io
import re
import threading
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from secteurs.models import Question
from simulateur.models import Parametre

pytestmark = pytest.mark.django_db


def editrice(nom):
    utilisatrice = User.objects.create_user(nom, password="x", is_staff=True)
    utilisatrice.groups.add(Group.objects.get(name="Éditeur"))
    navigateur = Client()
    navigateur.force_login(utilisatrice)
    return navigateur


def formulaire(navigateur, url):
    """The change form's fields as the browser would send them back."""
    page = navigateur.get(url).content.decode()
    donnees = {}
    for nom, valeur in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        donnees[nom] = html_module.unescape(valeur)
    for nom, valeur in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        donnees[nom] = html_module.unescape(valeur).lstrip("\n")
    for nom, bloc in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        choisi = re.search(r'<option value="([^"]*)"[^>]*selected', bloc)
        donnees[nom] = choisi.group(1) if choisi else ""
    for nom in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page):
        donnees[nom] = "on"
    donnees.pop("_addanother", None)
    donnees.pop("_continue", None)
    donnees.pop("csrfmiddlewaretoken", None)
    return donnees


def test_deux_editrices_sur_la_meme_reponse():
    question = Question.objects.filter(publie=True).first()
    url = f"/admin/secteurs/question/{question.pk}/change/"
    alice, berenice = editrice("alice"), editrice("berenice")
    form_alice, form_berenice = formulaire(alice, url), formulaire(berenice, url)
    assert form_alice["version"] and form_alice["version"] == form_berenice["version"]

    reponse = alice.post(url, {**form_alice, "reponse": "Le texte d'Alice."})
    assert reponse.status_code == 302
    reponse = berenice.post(url, {**form_berenice, "reponse": "Le texte de Bérénice."})
    assert reponse.status_code == 200
    page = html_module.unescape(reponse.content.decode())
    assert "Une autre personne a enregistré cette fiche pendant que vous la modifiiez (alice" in page
    assert "Le texte d'Alice." in page  # the other editor's current text, shown
    assert "Le texte de Bérénice." in page  # her own, still in the form
    question.refresh_from_db()
    assert "Le texte d'Alice." in question.reponse

    # Having seen it, Bérénice saves again: her version knowingly replaces Alice's.
    nouvelle = formulaire_depuis(page)
    reponse = berenice.post(url, {**form_berenice, "version": nouvelle, "reponse": "Le texte de Bérénice."})
    assert reponse.status_code == 302
    question.refresh_from_db()
    assert "Le texte de Bérénice." in question.reponse


def formulaire_depuis(page):
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


def test_un_parametre_du_bareme_aussi():
    ligne = Parametre.objects.get(code="seuil-information-ecrite", fin__isnull=True)
    url = f"/admin/simulateur/parametre/{ligne.pk}/change/"
    alice, berenice = editrice("alice"), editrice("berenice")
    form_alice, form_berenice = formulaire(alice, url), formulaire(berenice, url)
    assert alice.post(url, {**form_alice, "note": "Vérifié par Alice."}).status_code == 302
    reponse = berenice.post(url, {**form_berenice, "note": "Vérifié par Bérénice."})
    assert reponse.status_code == 200
    assert "Vérifié par Alice." in html_module.unescape(reponse.content.decode())
    ligne.refresh_from_db()
    assert ligne.note == "Vérifié par Alice."


def test_une_seule_editrice_enregistre_sans_obstacle():
    question = Question.objects.first()
    url = f"/admin/secteurs/question/{question.pk}/change/"
    alice = editrice("alice")
    for texte in ("Premier jet.", "Second jet."):
        assert alice.post(url, {**formulaire(alice, url), "reponse": texte}).status_code == 302
    question.refresh_from_db()
    assert "Second jet." in question.reponse


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite a une seule écriture à la fois et pas de verrou de ligne",
)
@pytest.mark.django_db(transaction=True)
def test_deux_enregistrements_simultanes_sur_postgresql(monkeypatch):
    """Two saves at the same moment: the version is read under a row lock, so the second waits for
    the first and is refused, instead of both passing the check and one overwriting the other."""
    call_command("charger_contenu", stdout=io.StringIO())
    question = Question.objects.filter(publie=True).first()
    url = f"/admin/secteurs/question/{question.pk}/change/"
    # Superusers: an earlier transactional test may have emptied the tables, the « Éditeur »
    # group (made by a migration) included; the lock does not depend on who saves.
    alice, berenice = Client(), Client()
    alice.force_login(User.objects.create_superuser("alice", "a@example.org", "x"))
    berenice.force_login(User.objects.create_superuser("berenice", "b@example.org", "x"))
    form_alice, form_berenice = formulaire(alice, url), formulaire(berenice, url)
    alice_enregistre, berenice_part = threading.Event(), threading.Event()
    enregistrer = Question.save

    def save_ralenti(self, *args, **kwargs):
        if "Alice" in self.reponse:  # Alice's save, checked, paused before it is written
            alice_enregistre.set()
            berenice_part.wait(10)
            time.sleep(0.5)  # Bérénice's check is running meanwhile
        return enregistrer(self, *args, **kwargs)

    monkeypatch.setattr(Question, "save", save_ralenti)
    statuts = {}

    def envoyer(nom, navigateur, donnees):
        try:
            statuts[nom] = navigateur.post(url, donnees).status_code
        finally:
            connections.close_all()

    fil_alice = threading.Thread(
        target=envoyer, args=("alice", alice, {**form_alice, "reponse": "Texte d'Alice."})
    )
    fil_alice.start()
    assert alice_enregistre.wait(10)
    fil_berenice = threading.Thread(
        target=envoyer, args=("berenice", berenice, {**form_berenice, "reponse": "Texte de Bérénice."})
    )
    fil_berenice.start()
    berenice_part.set()
    fil_alice.join(20)
    fil_berenice.join(20)
    assert statuts == {"alice": 302, "berenice": 200}
    question.refresh_from_db()
    assert question.reponse.startswith("Texte d") and "Alice" in question.reponse
