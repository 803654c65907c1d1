"""A patient looks for their doctor in Chromium: live with htmx, without JavaScript, at 320 px."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from config.tests.navigateur import capture, defilement_horizontal, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(site_en_ligne):
    call_command("charger_annuaire_demo", stdout=io.StringIO())
    return site_en_ligne


@pytest.mark.parametrize("largeur", [320, 1280])
def test_recherche_en_direct_puis_simulateur(page, demo, surveillance, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(demo.url + "/trouver-un-medecin/")
    page.evaluate("window.__sans_rechargement = true")
    assert violations_axe(page) == [] and not defilement_horizontal(page)
    page.get_by_label("Nom du médecin").fill("exemple")
    page.get_by_label("Ville ou code postal").fill("paris")
    expect(page.locator(".resultats__titre")).to_contain_text("trouvé")
    assert page.evaluate("window.__sans_rechargement") is True
    assert "nom=exemple" in page.url  # names are not health data: the URL can be shared
    premier = page.locator(".medecin").first
    expect(premier.locator(".etiquette")).to_have_text("fictif")
    assert violations_axe(page) == [], "résultats"
    assert not defilement_horizontal(page)
    capture(page, f"annuaire-resultats-{largeur}")
    premier.get_by_role("link", name="Simuler une consultation avec ce médecin").click()
    expect(page.locator("#depuis-annuaire")).to_contain_text(
        "Secteur indiqué par l'annuaire de l'Assurance Maladie"
    )
    assert violations_axe(page) == [], "simulateur pré-rempli"
    assert not defilement_horizontal(page)


def test_sans_javascript(page_sans_js, demo):
    page = page_sans_js
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo.url + "/trouver-un-medecin/")
    page.get_by_label("Nom du médecin").fill("fictif")
    page.get_by_role("button", name="Chercher").click()
    expect(page.locator(".resultats__titre")).to_contain_text("trouvé")
    assert "nom=fictif" in page.url
    assert not defilement_horizontal(page)


def test_etat_vide_et_page_a_propos(page, site_en_ligne, surveillance):
    page.set_viewport_size({"width": 320, "height": 800})
    for url in ("/trouver-un-medecin/", "/annuaire-des-medecins/"):
        page.goto(site_en_ligne.url + url)
        assert page.locator("h1").count() == 1
        assert violations_axe(page) == [], url
        assert not defilement_horizontal(page), url
    page.goto(site_en_ligne.url + "/trouver-un-medecin/")
    expect(
        page.get_by_role("link", name="l'annuaire santé de l'Assurance Maladie (annuairesante.ameli.fr)")
    ).to_be_visible()
    capture(page, "annuaire-vide-320")
