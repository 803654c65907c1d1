"""The simulator in a patient's pocket: Chromium at 360 × 740, the compact summary, the header
menu, and the printed estimate (issue 15)."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from config.tests.navigateur import capture, defilement_horizontal, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TELEPHONE = {"width": 360, "height": 740}


def dans_l_ecran(page, selecteur):
    boite = page.locator(selecteur).bounding_box()
    hauteur = page.viewport_size["height"]
    return boite is not None and boite["y"] >= 0 and boite["y"] + boite["height"] <= hauteur


def test_au_telephone_le_resume_suit_le_montant_sans_deplacer_le_focus(page, site_en_ligne, surveillance):
    page.set_viewport_size(TELEPHONE)
    page.goto(site_en_ligne.url + "/simulateur/")
    assert dans_l_ecran(page, "h1")
    champ = page.get_by_label("Montant payé au médecin (€)")
    champ.fill("50")
    resume = page.locator("#resume")
    expect(resume).to_contain_text("Reste à payer")
    reste = page.locator("data#reste-a-charge").inner_text()
    expect(resume.locator("strong")).to_have_text(reste)
    assert dans_l_ecran(page, "#resume")
    assert page.evaluate("document.activeElement.id") == "id_honoraires"
    champ.fill("60")
    expect(page.locator("data#honoraires-payes")).to_have_attribute("value", "60.00")
    expect(resume.locator("strong")).to_have_text(page.locator("data#reste-a-charge").inner_text())
    assert dans_l_ecran(page, "#resume")
    assert page.evaluate("document.activeElement.id") == "id_honoraires"
    # One polite live region announces the change: the summary is not a second one.
    assert page.locator("[aria-live]").count() == 1
    assert resume.get_attribute("aria-live") is None
    assert violations_axe(page) == []
    capture(page, "simulateur-telephone-resume")
    page.set_viewport_size({"width": 320, "height": 740})
    assert not defilement_horizontal(page)


def test_menu_du_telephone_au_clavier(page, site_en_ligne, surveillance):
    page.set_viewport_size(TELEPHONE)
    page.goto(site_en_ligne.url + "/simulateur/")
    lien = page.get_by_role("link", name="Questions fréquentes", exact=True)
    expect(lien).to_be_hidden()
    assert violations_axe(page) == []
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(lien).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Comprendre les secteurs"
    assert violations_axe(page) == []
    assert not defilement_horizontal(page)
    capture(page, "menu-telephone-ouvert")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(lien).to_be_hidden()


def test_menu_du_telephone_sans_javascript(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.set_viewport_size(TELEPHONE)
    page.goto(site_en_ligne.url + "/")
    lien = page.get_by_role("link", name="Questions fréquentes", exact=True)
    expect(lien).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    lien.click()
    page.wait_for_load_state()
    assert page.url.endswith("/questions-frequentes/")


def test_grand_ecran_menu_toujours_visible_et_resultat_a_cote(page, site_en_ligne, surveillance):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_en_ligne.url + "/simulateur/")
    expect(page.get_by_role("link", name="Questions fréquentes", exact=True)).to_be_visible()
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    formulaire = page.locator("form.formulaire").bounding_box()
    resultat = page.locator("#resultat").bounding_box()
    assert resultat["x"] > formulaire["x"] + formulaire["width"] - 1


def test_impression_une_page_a4_avec_reponses_et_sources(page, site_en_ligne, surveillance):
    page.set_viewport_size(TELEPHONE)
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_label("Montant payé au médecin (€)").fill("50")
    expect(page.locator("#resume")).to_contain_text("Reste à payer")
    expect(page.get_by_role("button", name="Imprimer ou enregistrer en PDF")).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    lecteur = PdfReader(io.BytesIO(pdf))
    assert len(lecteur.pages) == 1
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    texte = re.sub(r"\s+", " ", lecteur.pages[0].extract_text())
    assert "Calculez votre remboursement" in texte
    assert "Médecin généraliste, secteur 1" in texte  # the answers given
    assert "Patient de 40 ans" in texte
    assert "Il vous reste à payer" in texte
    assert "Tarifs en vigueur le" in texte
    assert "https://" in texte  # each step's source
    assert "/simulateur/" in texte  # the site's address
    assert "Questions fréquentes" not in texte
    assert "Menu" not in texte
    assert "Imprimer ou enregistrer" not in texte


def test_impression_sans_javascript_bouton_cache(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.goto(site_en_ligne.url + "/simulateur/")
    expect(page.get_by_role("button", name="Imprimer ou enregistrer en PDF")).to_be_hidden()
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    expect(page.locator("data#reste-a-charge")).to_have_count(1)


def test_impression_sans_javascript_une_page_avec_le_detail(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    page.emulate_media(media="print")
    lecteur = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(lecteur.pages) == 1
    texte = re.sub(r"\s+", " ", lecteur.pages[0].extract_text())
    assert "Tarifs en vigueur le" in texte
    assert "Patient de 40 ans" in texte


def test_impression_du_resultat_le_plus_long_sur_une_page(page, site_en_ligne, surveillance):
    """The longest result a patient meets (a specialist without OPTAM, outside the parcours, at
    night, with a complémentaire capped by the contrat responsable: every step and warning) still
    prints on one A4 page."""
    page.set_viewport_size(TELEPHONE)
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_label("Médecin consulté").select_option("autre-specialiste")
    page.get_by_label("Secteur 2 sans OPTAM").check()
    page.get_by_label("Montant payé au médecin (€)").fill("95")
    page.get_by_text("Téléconsultation, visite à domicile, soir, nuit ou dimanche").click()
    page.locator("#id_horaire_2").check()  # la nuit (minuit - 6 h)
    page.locator("#id_regulee").check()
    page.locator("#id_parcours_1").check()  # hors parcours
    page.get_by_text("Votre complémentaire santé").click()
    page.locator("#id_mutuelle").fill("200")
    expect(page.locator("#resultat .avertissements li")).not_to_have_count(0)
    page.wait_for_timeout(800)
    avertissements = page.locator("#resultat .avertissements li").count()
    page.emulate_media(media="print")
    lecteur = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    texte = re.sub(r"\s+", " ", "".join(p.extract_text() for p in lecteur.pages))
    assert avertissements >= 4, avertissements
    assert "Il vous reste à payer" in texte and "https://" in texte
    assert len(lecteur.pages) == 1, f"{len(lecteur.pages)} pages, {avertissements} avertissements"


def test_axe_etat_partiel_et_aides_ouvertes_au_telephone(page, site_en_ligne, surveillance):
    page.set_viewport_size(TELEPHONE)
    page.goto(site_en_ligne.url + "/simulateur/")
    # Partial state: the age erased, the result says what is missing, in a sentence.
    page.locator("#id_age").fill("")
    expect(page.locator("#resultat")).to_contain_text("indiquez encore")
    assert violations_axe(page) == []
    # Every group and every « En savoir plus » opened.
    fermes = page.locator("details:not([open]):not(.navigation__menu) > summary:visible")
    while fermes.count():  # a group opened shows the « En savoir plus » inside it
        fermes.first.click()
    assert page.locator("details.aide-plus[open]").count() >= 6
    assert not defilement_horizontal(page)
    assert violations_axe(page) == []
