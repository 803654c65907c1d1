import pytest

from config.tests.navigateur import capture, defilement_horizontal, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/secteurs/",
    "/secteurs/secteur-2/",
    "/questions-frequentes/",
    "/tarifs-en-vigueur/",
    "/glossaire/",
    "/verifier-le-secteur-de-son-medecin/",
    "/accessibilite/",
]


def test_accueil_htmx_charge_sans_erreur(page, site_en_ligne, surveillance):
    page.goto(site_en_ligne.url + "/")
    assert page.evaluate("typeof htmx") == "object"
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("chemin", PAGES)
def test_pages_accessibles_et_lisibles_a_320_px(page, site_en_ligne, surveillance, chemin):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_en_ligne.url + chemin)
    assert violations_axe(page) == []
    assert not defilement_horizontal(page)
    capture(page, "page" + chemin.replace("/", "_") + "320")


def test_lien_d_evitement_en_premier(page, site_en_ligne, surveillance):
    page.goto(site_en_ligne.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_page_introuvable_accessible(page, site_en_ligne):
    reponse = page.goto(site_en_ligne.url + "/cette-page-n-existe-pas/")
    assert reponse.status == 404
    assert violations_axe(page) == []
