"""A patient uses the simulator in Chromium: mouse, keyboard only, no JavaScript, a phone screen."""

import time

import pytest
from playwright.sync_api import expect

from config.tests.navigateur import capture, defilement_horizontal, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def montant(page, ident):
    return page.locator(f"data#{ident}").get_attribute("value")


def ouvrir(page, site_en_ligne, largeur=1280):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(site_en_ligne.url + "/simulateur/")
    page.evaluate("window.__sans_rechargement = true")


def test_a_la_souris_le_resultat_se_met_a_jour_sans_recharger(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    page.get_by_label("Âge du patient (en années)").fill("45")  # 40 by default: a change
    page.locator("data#reste-a-charge").wait_for()
    assert montant(page, "remboursement-assurance-maladie") == "19.00"
    page.get_by_label("Secteur 2 sans OPTAM").check()
    page.get_by_label("Montant payé au médecin (€)").fill("50")
    expect(page.locator("data#base-remboursement")).to_have_attribute("value", "23.00")
    page.locator("summary", has_text="Votre complémentaire santé").click()
    page.get_by_label("Garantie de votre complémentaire", exact=False).first.fill("200")
    expect(page.locator("data#remboursement-complementaire")).to_have_attribute("value", "25.30")
    assert montant(page, "reste-a-charge") == "10.60"
    assert page.evaluate("window.__sans_rechargement") is True
    page.locator("summary", has_text="Détail du calcul").click()
    assert violations_axe(page) == []
    capture(page, "simulateur-resultat")


def test_le_montant_propose_suit_l_age_jusqu_a_ce_que_le_patient_le_change(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    champ = page.get_by_label("Montant payé au médecin (€)")
    page.get_by_label("Âge du patient (en années)").fill("3")
    expect(champ).to_have_value("35,00")
    champ.fill("45")
    page.get_by_label("Âge du patient (en années)").fill("4")
    expect(page.locator("data#reste-a-charge")).to_have_attribute("value", "20.50")
    assert champ.input_value() == "45"


def test_au_clavier_seulement(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    page.locator("#id_medecin").focus()
    page.keyboard.press("ArrowDown")  # Pédiatre
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('a') !== null")  # the « Vérifier » link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_secteur_0"
    page.keyboard.press("ArrowDown")  # secteur 1 avec droit permanent à dépassement
    assert page.locator("#id_secteur_1").is_checked()
    page.locator("#id_age").focus()
    page.keyboard.press("Control+A")  # an adult (40) by default: replace it
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    # The adult's result is already shown: wait for the child's.
    expect(page.locator("data#base-remboursement")).to_have_attribute("value", "40.00")
    assert montant(page, "participation-forfaitaire") == "0.00"
    # Open the optional part with the keyboard.
    page.locator("summary", has_text="Situations particulières").focus()
    page.keyboard.press("Enter")
    page.locator("#id_css").focus()
    page.keyboard.press("Space")
    expect(page.locator("data#reste-a-charge")).to_have_attribute("value", "0.00")
    assert page.evaluate("document.activeElement.id") == "id_css"


def test_formulaire_vierge_accessible(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    assert violations_axe(page) == []
    capture(page, "simulateur-vierge")


def test_sans_javascript(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_label("Âge du patient (en années)").fill("40")
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    assert montant(page, "remboursement-assurance-maladie") == "19.00"
    capture(page, "simulateur-sans-js")


def test_erreurs_accessibles_et_a_320_px(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne, largeur=320)
    assert not defilement_horizontal(page)
    page.get_by_label("Montant payé au médecin (€)").fill("trente")
    page.get_by_role("button", name="Calculer").click()
    page.get_by_text("Indiquez un montant en euros").first.wait_for()
    assert page.locator("data").count() == 0
    assert violations_axe(page) == []
    assert not defilement_horizontal(page)
    capture(page, "simulateur-erreur-320")
    page.get_by_label("Montant payé au médecin (€)").fill("30")
    page.get_by_label("Âge du patient (en années)").fill("70")
    page.locator("data#reste-a-charge").wait_for()
    assert not defilement_horizontal(page)
    assert violations_axe(page) == []
    capture(page, "simulateur-resultat-320")


def test_visite_du_dimanche_au_clavier(page, site_en_ligne, surveillance):
    """A Sunday visit for a child, regulated by the 15, priced with the keyboard only."""
    ouvrir(page, site_en_ligne)
    page.locator("#id_age").focus()
    page.keyboard.press("Control+A")  # an adult (40) by default: replace it
    page.keyboard.type("8")
    page.locator("summary", has_text="Téléconsultation, visite").focus()
    page.keyboard.press("Enter")
    page.locator("#id_lieu_0").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # À domicile
    assert page.locator("#id_lieu_2").is_checked()
    page.locator("#id_visite_justifiee").focus()
    page.keyboard.press("Space")
    page.locator("#id_horaire_0").focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # Dimanche
    page.locator("#id_regulee").focus()
    page.keyboard.press("Space")
    # VG 30 € + MD 10 € + F 19,06 €, at 70 %, no participation before 18.
    expect(page.locator("data#base-remboursement")).to_have_attribute("value", "59.06")
    assert montant(page, "remboursement-assurance-maladie") == "41.34"
    assert page.evaluate("document.activeElement.id") == "id_regulee"
    assert "Et si" in page.locator("#resultat").inner_text()
    assert violations_axe(page) == []
    capture(page, "simulateur-visite-dimanche")


def test_actes_proposes_selon_l_age_en_direct(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    actes = page.locator("#id_acte option")
    page.get_by_label("Âge du patient (en années)").fill("85")
    expect(actes).to_have_count(2)  # consultation, consultation longue (from 1 January 2026)
    page.locator("#id_acte").focus()
    page.locator("#id_acte").select_option("consultation-longue")
    expect(page.locator("data#base-remboursement")).to_have_attribute("value", "60.00")
    assert page.evaluate("document.activeElement.id") == "id_acte"
    page.get_by_label("Âge du patient (en années)").fill("40")
    # The patient's choice stays selected, and the result says why it cannot be priced at 40.
    expect(page.get_by_text("Cet acte n'a pas de tarif dans notre barème").first).to_be_visible()
    page.locator("#id_acte").select_option("consultation")
    expect(actes).to_have_count(1)


def test_teleconsultation_sans_javascript_et_a_320_px(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_en_ligne.url + "/simulateur/")
    page.locator("summary", has_text="Téléconsultation, visite").click()
    page.get_by_label("En téléconsultation (vidéo)").check()
    page.get_by_label("Âge du patient (en années)").fill("40")
    page.get_by_label("Non", exact=True).first.check()  # hors parcours
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    assert montant(page, "remboursement-assurance-maladie") == "0.00"
    assert "n'est pas remboursée du tout" in page.locator("#resultat").inner_text()
    assert not defilement_horizontal(page)
    capture(page, "simulateur-teleconsultation-320-sans-js")


def test_teleconsultation_non_remboursee_accessible(page, site_en_ligne, surveillance):
    # axe needs JavaScript: the same state, live, at 320 px.
    ouvrir(page, site_en_ligne, largeur=320)
    page.locator("summary", has_text="Téléconsultation, visite").click()
    page.get_by_label("En téléconsultation (vidéo)").check()
    page.get_by_label("Âge du patient (en années)").fill("40")
    page.get_by_label("Non", exact=True).first.check()
    expect(page.locator("data#remboursement-assurance-maladie")).to_have_attribute("value", "0.00")
    assert not defilement_horizontal(page)
    assert violations_axe(page) == []


def test_un_montant_tape_puis_tab_une_seule_mise_a_jour(page, site_en_ligne, surveillance):
    """Typing a fee sends it once the patient pauses; leaving the field (Tab) then fires a
    `change` for the same answers: no second request, so the result is not swapped (and
    announced) twice for one edit."""
    page.goto(site_en_ligne.url + "/simulateur/")
    envois = []
    page.on("request", lambda r: r.method == "POST" and envois.append(r.post_data))
    champ = page.get_by_label("Montant payé au médecin (€)")
    champ.fill("")
    champ.press_sequentially("55")
    expect(page.locator("#honoraires-payes")).to_have_attribute("value", "55.00")
    assert len(envois) == 1
    champ.press("Tab")
    page.wait_for_timeout(800)
    assert len(envois) == 1
    # A real change still goes: another fee, then another answer.
    champ.fill("60")
    expect(page.locator("#honoraires-payes")).to_have_attribute("value", "60.00")
    page.get_by_label("Secteur 2 sans OPTAM").check()
    expect(page.locator("#resultat")).to_contain_text("sans OPTAM")
    assert len(envois) == 3


def test_un_choix_fait_pendant_une_mise_a_jour_est_calcule(page, site_en_ligne, surveillance, monkeypatch):
    """The patient picks an act while the previous answer is still on its way: the request waits
    in htmx's queue, and is sent when that answer arrives (a queued request is confirmed twice by
    htmx: the duplicate filter must compare it with what was really sent)."""
    from simulateur import views

    vue = views.formulaire

    def lente(request, form, *args, **kwargs):
        if request.POST.get("date") == "2026-03-01" and request.POST.get("acte") == "consultation":
            time.sleep(0.6)  # the answer to the new date takes a while
        return vue(request, form, *args, **kwargs)

    monkeypatch.setattr(views, "formulaire", lente)
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_label("Médecin consulté").select_option("autre-specialiste")
    acte = page.get_by_label("Type de consultation")
    expect(acte.locator("option[value=avis-ponctuel]")).to_have_count(1)
    with page.expect_request(lambda r: r.method == "POST" and "2026-03-01" in (r.post_data or "")):
        page.get_by_label("Date de la consultation").fill("2026-03-01")
    acte.select_option("avis-ponctuel")  # while the date's answer is on its way
    expect(page.locator("data#base-remboursement")).to_have_attribute("value", "60.00")
    expect(page.locator(".resultat__contexte")).to_contain_text("Avis ponctuel")
