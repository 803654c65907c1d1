"""The admin in Chromium, as a member of the « Éditeur » group (not a superuser) uses it: issue 17.

Each task counts its clicks and times its steps (printed with `-s`), for the issue's closing note."""

import datetime
import importlib
import re
import time
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from config.tests.navigateur import capture, defilement_horizontal, violations_axe
from secteurs.models import Question
from simulateur import baremes
from simulateur.models import Medecin, Tarif

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "mot-de-passe-de-test-2026"
SOURCE = "https://www.legifrance.gouv.fr/exemple-avenant"


class Chrono:
    """Clicks and seconds of an editor's task."""

    def __init__(self, tache):
        self.tache, self.clics, self.debut = tache, 0, time.perf_counter()

    def hors_chrono(self, fonction, *args):
        """Runs a check (axe) without counting its time in the task's."""
        debut = time.perf_counter()
        resultat = fonction(*args)
        self.debut += time.perf_counter() - debut
        return resultat

    def clic(self, locator, **kwargs):
        self.clics += 1
        locator.click(**kwargs)

    def fin(self):
        secondes = time.perf_counter() - self.debut
        print(f"\n[chrono] {self.tache} : {self.clics} clic(s), {secondes:.1f} s")
        return secondes


class AppsDuSite:
    """The live app registry, seen as a data migration sees its own (permissions already exist)."""

    get_model = staticmethod(django_apps.get_model)

    @staticmethod
    def get_app_configs():
        return []


def groupe_editeur():
    # A transactional test starts from a flushed database: the data migrations that built the
    # group are replayed on the live registry.
    if not Group.objects.filter(name="Éditeur").exists():
        for nom, fonction in (
            ("secteurs.migrations.0002_groupe_editeur", "creer_groupe"),
            ("secteurs.migrations.0006_editeur_actes_et_majorations", "ajouter"),
        ):
            getattr(importlib.import_module(nom), fonction)(AppsDuSite, None)
    return Group.objects.get(name="Éditeur")


@pytest.fixture
def editrice(site_en_ligne):
    utilisatrice = User.objects.create_user("editrice", password=MOT_DE_PASSE, is_staff=True)
    utilisatrice.groups.add(groupe_editeur())
    assert not utilisatrice.is_superuser
    return utilisatrice


def connecter(page, site_en_ligne):
    page.goto(site_en_ligne.url + "/admin/login/")
    page.fill("#id_username", "editrice")
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()


@pytest.fixture
def navigateur_anglais(browser):
    contexte = browser.new_context(locale="en-US")
    yield contexte.new_page()
    contexte.close()


def sans_violation(page):
    assert violations_axe(page) == [], page.url


def test_annoncer_un_tarif_avec_un_navigateur_anglais(navigateur_anglais, site_en_ligne, editrice):
    page = navigateur_anglais
    assert page.evaluate("navigator.language") == "en-US"
    connecter(page, site_en_ligne)
    generaliste = Medecin.objects.get(slug="generaliste")
    annee = baremes.aujourdhui().year + 1
    page.goto(
        f"{site_en_ligne.url}/admin/simulateur/tarif/?medecin__id__exact={generaliste.pk}"
        f"&en_vigueur_le={baremes.aujourdhui().isoformat()}"
    )
    sans_violation(page)
    chrono = Chrono("Annoncer un tarif (liste filtrée -> nouvelle valeur enregistrée)")
    ligne = page.locator(
        "#result_list tbody tr", has=page.locator("td.field-code", has_text=re.compile(r"^G$"))
    )
    expect(ligne).to_have_count(1)
    chrono.clic(ligne.locator("input.action-select"))
    page.select_option("select[name=action]", "nouvelle_valeur")
    chrono.clics += 1  # choosing the action
    chrono.clic(page.locator("button[name=index]"))
    expect(page.locator("h1")).to_contain_text("Nouvelle valeur")
    chrono.hors_chrono(sans_violation, page)
    page.fill("#id_debut", f"{annee}-01-01")
    page.fill("#id_valeur", "31,50")
    page.fill("#id_source_url", SOURCE)
    chrono.clic(page.locator("input[type=submit]"))
    expect(page.locator(".messagelist")).to_contain_text("Nouvelle valeur enregistrée")
    chrono.fin()
    nouvelle = Tarif.objects.get(
        medecin=generaliste, categorie="opposable", age_min=6, debut=datetime.date(annee, 1, 1)
    )
    assert nouvelle.montant == Decimal("31.50")
    # A visitor sees the announcement, and a simulation dated next year uses it.
    # (Without JavaScript: the simulation is the form's own POST, with no live update racing it.)
    visiteur = page.context.browser.new_context(locale="fr-FR", java_script_enabled=False).new_page()
    visiteur.goto(site_en_ligne.url + "/tarifs-en-vigueur/")
    expect(visiteur.locator("#medecin-generaliste + *")).to_contain_text(
        f"31,50\u00a0€ à partir du 1er janvier {annee}"
    )
    visiteur.goto(site_en_ligne.url + "/simulateur/")
    visiteur.fill("#id_date", f"{annee}-01-15")
    visiteur.fill("#id_age", "40")
    visiteur.click("button[name=calculer]")
    expect(visiteur.locator("#base-remboursement")).to_have_attribute("value", "31.50")
    visiteur.context.close()


def test_montant_a_la_francaise_dans_le_formulaire_anglais(navigateur_anglais, site_en_ligne, editrice):
    page = navigateur_anglais
    connecter(page, site_en_ligne)
    tarif = Tarif.objects.filter(fin=None, medecin__slug="pediatre").first()
    attendu = tarif.montant + Decimal("1.5")
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/{tarif.pk}/change/")
    sans_violation(page)
    assert page.locator("#id_montant").get_attribute("inputmode") == "decimal"
    assert page.locator("#id_montant").get_attribute("type") == "text"
    page.fill("#id_montant", str(attendu).replace(".", ","))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    tarif.refresh_from_db()
    assert tarif.montant == attendu
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/{tarif.pk}/change/")
    assert "," in page.input_value("#id_montant")


def test_previsualiser_une_reponse_publiee(page, site_en_ligne, editrice, browser, surveillance):
    question = Question.objects.publies().get(slug="difference-secteurs")
    connecter(page, site_en_ligne)
    page.goto(f"{site_en_ligne.url}/admin/secteurs/question/{question.pk}/change/")
    sans_violation(page)
    chrono = Chrono("Prévisualiser une réponse publiée modifiée")
    page.fill("#id_reponse", "Réponse **réécrite** pendant la relecture : {{ pf }} par consultation.")
    with page.context.expect_page() as nouvel_onglet:
        chrono.clic(page.get_by_role("button", name=re.compile("Prévisualiser")))
    apercu = nouvel_onglet.value
    apercu.wait_for_load_state()
    expect(apercu.locator(".texte strong")).to_have_text("réécrite")
    expect(apercu.locator(".alerte--apercu")).to_contain_text("non enregistrées")
    chrono.fin()
    assert violations_axe(apercu) == []
    visiteur = browser.new_context(locale="fr-FR").new_page()
    visiteur.goto(site_en_ligne.url + question.get_absolute_url())
    expect(visiteur.locator(".texte")).not_to_contain_text("réécrite")
    visiteur.context.close()
    question.refresh_from_db()
    assert "réécrite" not in question.reponse
    apercu.close()


def test_quitter_un_formulaire_modifie_demande_confirmation(page, site_en_ligne, editrice, surveillance):
    question = Question.objects.publies().first()
    connecter(page, site_en_ligne)
    page.goto(f"{site_en_ligne.url}/admin/secteurs/question/{question.pk}/change/")
    dialogues = []

    def refuser(dialogue):
        dialogues.append(dialogue.type)
        dialogue.dismiss()

    page.on("dialog", refuser)
    # Unchanged: leaving asks nothing.
    page.click(".breadcrumbs a >> nth=-1")
    page.wait_for_load_state()
    assert dialogues == []
    page.goto(f"{site_en_ligne.url}/admin/secteurs/question/{question.pk}/change/")
    page.locator("#id_reponse").press_sequentially(" Une phrase en cours.")
    page.click(".breadcrumbs a >> nth=-1", no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogues == ["beforeunload"]
    assert "/change/" in page.url
    # A preview (another tab, nothing saved) is not saving: leaving afterwards still asks.
    with page.context.expect_page() as apercu:
        page.get_by_role("button", name=re.compile("Prévisualiser")).click()
    apercu.value.close()
    page.click(".breadcrumbs a >> nth=-1", no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogues == ["beforeunload", "beforeunload"]
    assert "/change/" in page.url
    # Saving is not leaving.
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert dialogues == ["beforeunload", "beforeunload"]


def test_chaque_faute_de_marqueur_refusee(page, site_en_ligne, editrice, surveillance):
    question = Question.objects.publies().first()
    connecter(page, site_en_ligne)
    for faute in (
        "{{ tarif medecin = generaliste }}",
        "{{ Tarif medecin=generaliste }}",
        "{{ tarif medecin=generaliste }",
    ):
        page.goto(f"{site_en_ligne.url}/admin/secteurs/question/{question.pk}/change/")
        page.fill("#id_reponse", f"Le tarif : {faute}.")
        page.click("input[name=_save]")
        expect(page.locator(".field-reponse .errorlist")).to_be_visible()
        sans_violation(page)
    question.refresh_from_db()
    assert "Le tarif :" not in question.reponse


def test_retablir_une_ligne_supprimee(page, site_en_ligne, editrice, surveillance):
    # An announced row, whose deletion leaves no served day uncovered (issue 11 refuses the others).
    actuelle = Tarif.objects.filter(fin=None, medecin__slug="psychiatre").first()
    debut = datetime.date(actuelle.debut.year + 50, 1, 1)
    ligne = Tarif.objects.create(
        **{
            f.name: getattr(actuelle, f.name)
            for f in Tarif._meta.concrete_fields
            if f.name not in ("id", "debut")
        },
        debut=debut,
    )
    connecter(page, site_en_ligne)
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/{ligne.pk}/delete/")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert not Tarif.objects.filter(pk=ligne.pk).exists()
    chrono = Chrono("Rétablir une ligne supprimée (depuis la liste)")
    chrono.clic(page.get_by_role("link", name="Lignes supprimées"))
    chrono.hors_chrono(sans_violation, page)
    chrono.clic(page.get_by_role("link", name=re.compile("^Rétablir")).first)
    chrono.hors_chrono(sans_violation, page)
    chrono.clic(page.locator("input[name=_save]").first)
    expect(page.locator(".messagelist")).to_be_visible()
    chrono.fin()
    assert Tarif.objects.get(pk=ligne.pk).montant == ligne.montant
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/{ligne.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("rétabli")
    sans_violation(page)


def test_filtrer_par_date(page, site_en_ligne, editrice, surveillance):
    psychiatre = Medecin.objects.get(slug="psychiatre")
    connecter(page, site_en_ligne)
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/?medecin__id__exact={psychiatre.pk}")
    chrono = Chrono("Tarifs des psychiatres en vigueur le 1er juin 2025")
    page.fill("#filtre-en-vigueur-le", "2025-06-01")
    chrono.clic(page.get_by_role("button", name="Filtrer"))
    page.wait_for_url(re.compile("en_vigueur_le=2025-06-01"))
    chrono.fin()
    attendus = Tarif.objects.filter(medecin=psychiatre).en_vigueur(datetime.date(2025, 6, 1)).count()
    expect(page.locator("#result_list tbody tr")).to_have_count(attendus)
    assert "medecin__id__exact" in page.url
    sans_violation(page)


def test_rechercher_sans_accents(page, site_en_ligne, editrice, surveillance):
    connecter(page, site_en_ligne)
    page.goto(f"{site_en_ligne.url}/admin/secteurs/question/")
    chrono = Chrono("Rechercher « securite » dans les questions")
    page.fill("#searchbar", "securite")
    page.press("#searchbar", "Enter")
    page.wait_for_url(re.compile("q=securite"))
    chrono.fin()
    assert page.locator("#result_list tbody tr").count() > 10
    sans_violation(page)


def test_liste_des_tarifs_utilisable_a_390_px(page, site_en_ligne, editrice, surveillance):
    connecter(page, site_en_ligne)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/")
    capture(page, "admin_tarifs_390")
    premiere = page.locator("#result_list tbody tr").first
    for colonne in ("field-montant", "field-debut", "field-voir_sur_le_site"):
        boite = premiere.locator(f"td.{colonne}").bounding_box()
        assert boite and boite["x"] >= 0 and boite["x"] + boite["width"] <= 390, colonne
    assert not defilement_horizontal(page)
    page.goto(f"{site_en_ligne.url}/admin/simulateur/tarif/{Tarif.objects.first().pk}/change/")
    capture(page, "admin_tarif_390")
    supprimer = page.locator(".submit-row a.deletelink").last.bounding_box()
    enregistrer = page.locator(".submit-row input[name=_save]").last.bounding_box()
    assert supprimer["y"] >= enregistrer["y"] + enregistrer["height"] + 24


def test_publier_puis_annuler_une_modification(page, site_en_ligne, editrice, browser, surveillance):
    """The two daily tasks an editor does most: publish a change of a live answer, and undo it
    from the history. Timed (clicks and seconds) for the closing note."""
    question = Question.objects.publies().get(slug="difference-secteurs")
    ancien = question.reponse
    connecter(page, site_en_ligne)
    page.goto(f"{site_en_ligne.url}/admin/secteurs/question/{question.pk}/change/")
    chrono = Chrono("Publier une modification d'une réponse en ligne")
    page.locator("#id_reponse").press("Control+Home")
    page.locator("#id_reponse").press_sequentially("Mise à jour : ")
    chrono.clic(page.locator("input[name=_save]").first)
    expect(page.locator(".messagelist")).to_be_visible()
    chrono.fin()
    visiteur = browser.new_context(locale="fr-FR").new_page()
    visiteur.goto(site_en_ligne.url + question.get_absolute_url())
    expect(visiteur.locator(".texte")).to_contain_text("Mise à jour")

    page.goto(f"{site_en_ligne.url}/admin/secteurs/question/{question.pk}/change/")
    chrono = Chrono("Annuler une modification (historique, version d'avant, rétablir)")
    chrono.clic(page.get_by_role("link", name="Historique"))
    chrono.hors_chrono(sans_violation, page)
    # The versions, newest first: the second is the one before the change.
    chrono.clic(page.locator("#change-history tbody tr >> nth=1").get_by_role("link"))
    chrono.hors_chrono(sans_violation, page)
    chrono.clic(page.locator("input[type=submit][name=_save], input[type=submit]").first)
    expect(page.locator(".messagelist")).to_be_visible()
    chrono.fin()
    question.refresh_from_db()
    assert question.reponse == ancien
    visiteur.goto(site_en_ligne.url + question.get_absolute_url())
    expect(visiteur.locator(".texte")).not_to_contain_text("Mise à jour")
    visiteur.context.close()
