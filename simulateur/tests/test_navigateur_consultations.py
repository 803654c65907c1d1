"""The new kinds of consultation in Chromium: consultation longue by keyboard only, an avis
ponctuel, a Sunday home visit and an evening consultation on a 320 px screen, what the simulator
cannot price, the annual cap of the participation, and the same answers without JavaScript.

Each new state of the result is checked with axe. Amounts are the ones of the engine's case
tables (simulateur/tests/test_consultations.py), on the barème of fixtures/."""

import pytest
from playwright.sync_api import expect

from config.tests.navigateur import capture, defilement_horizontal, violations_axe
from simulateur.tests.test_navigateur import montant, ouvrir

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

ETROIT = 320


def tabuler_jusqu_a(page, condition, maximum=80):
    """Presses Tab until `condition` (a JavaScript expression) is true of the focused element:
    the focus order itself leads there, as it does for a patient without a mouse."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return !!({condition}); }})()"):
            return
    pytest.fail(f"{condition} jamais atteint avec Tab")


def tabuler_jusqu_au_champ(page, ident, maximum=80):
    tabuler_jusqu_a(page, f"e.id === {ident!r}", maximum)


def attendre_le_resultat(page, base):
    expect(page.locator("data#base-remboursement")).to_have_attribute("value", base)


def test_consultation_longue_a_85_ans_au_clavier_seulement(page, site_en_ligne, surveillance):
    """Tab, arrow keys and typing only: no click, no `select_option`, no `fill`."""
    ouvrir(page, site_en_ligne)
    # Médecin généraliste and secteur 1 are the defaults: check them, change nothing.
    tabuler_jusqu_au_champ(page, "id_medecin")
    assert page.locator("#id_medecin").input_value() == "generaliste"
    tabuler_jusqu_au_champ(page, "id_secteur_0")  # a radio group: Tab lands on the checked one
    assert page.locator("#id_secteur_0").is_checked()
    # A date in 2026 (GL1-GL3 exist from 1 January 2026), typed in the date field's segments.
    tabuler_jusqu_au_champ(page, "id_date")
    page.keyboard.type("01032026")
    expect(page.locator("#id_date")).to_have_value("2026-03-01")
    tabuler_jusqu_au_champ(page, "id_age")
    page.keyboard.press("Control+A")  # an adult (40) by default: replace it
    page.keyboard.type("85")
    # At 85 the list of acts gains the consultation longue (htmx replaces the field).
    expect(page.locator("#id_acte option")).to_have_count(2)
    tabuler_jusqu_au_champ(page, "id_acte")
    page.keyboard.press("ArrowDown")  # a closed <select>: the arrow chooses the next act
    expect(page.locator("#id_acte")).to_have_value("consultation-longue")
    # GL 60 € at 70 %, less the 2 € participation; no complémentaire given.
    attendre_le_resultat(page, "60.00")
    assert montant(page, "honoraires-payes") == "60.00"  # the proposed amount followed the act
    assert montant(page, "remboursement-assurance-maladie") == "40.00"
    assert montant(page, "participation-forfaitaire") == "2.00"
    assert montant(page, "reste-a-charge") == "20.00"
    contexte = page.locator(".resultat__contexte").inner_text()
    assert contexte.startswith(
        "Consultation longue du médecin traitant (80 ans ou plus), Médecin généraliste"
    )
    assert "Patient de 85" in contexte
    assert page.evaluate("document.activeElement.id") == "id_acte"
    assert page.evaluate("window.__sans_rechargement") is True
    assert violations_axe(page) == []
    capture(page, "simulateur-consultation-longue-clavier")


def test_avis_ponctuel_d_un_specialiste(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    page.get_by_label("Médecin consulté").select_option("autre-specialiste")
    page.get_by_label("Date de la consultation").fill("2026-03-01")
    acte = page.get_by_label("Type de consultation")
    expect(acte.locator("option[value=avis-ponctuel]")).to_have_count(1)
    acte.select_option("avis-ponctuel")
    # APC 60 € (ameli, 22 December 2024) at 70 %, less 2 €.
    attendre_le_resultat(page, "60.00")
    assert montant(page, "honoraires-payes") == "60.00"
    assert montant(page, "remboursement-assurance-maladie") == "40.00"
    assert montant(page, "reste-a-charge") == "20.00"
    assert (
        page.locator(".resultat__contexte")
        .inner_text()
        .startswith("Avis ponctuel de consultant (demandé par votre médecin traitant), Autre spécialiste")
    )
    expect(page.locator("#et-si-titre")).to_be_visible()
    assert violations_axe(page) == []
    capture(page, "simulateur-avis-ponctuel")


def test_visite_du_dimanche_et_consultation_du_soir_a_320_px(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne, largeur=ETROIT)
    page.get_by_label("Date de la consultation").fill("2026-03-01")
    page.locator("summary", has_text="Téléconsultation, visite").click()
    page.get_by_label("À domicile (visite)").check()
    page.locator("#id_visite_justifiee").check()
    page.get_by_label("Un dimanche ou un jour férié, en journée").check()
    page.locator("#id_regulee").check()
    # VG 30 € + MD 10 € + F 19,06 € = 59,06 €; 70 % = 41,34 €, less 2 €.
    attendre_le_resultat(page, "59.06")
    assert montant(page, "honoraires-payes") == "59.06"
    assert montant(page, "remboursement-assurance-maladie") == "39.34"
    assert montant(page, "reste-a-charge") == "19.72"
    contexte = page.locator(".resultat__contexte").inner_text()
    assert "à domicile (visite justifiée)" in contexte and "(régulée)" in contexte
    expect(page.locator("#resultat")).to_contain_text("Et si")
    assert not defilement_horizontal(page)
    assert violations_axe(page) == []
    capture(page, "simulateur-visite-dimanche-320")

    # The same patient, at the surgery, in the evening, still regulated: G 30 € + MN 35 €.
    page.get_by_label("Au cabinet").check()
    page.get_by_label("Le soir (20 h - minuit) ou tôt le matin (6 h - 8 h)").check()
    attendre_le_resultat(page, "65.00")
    assert montant(page, "remboursement-assurance-maladie") == "43.50"
    assert montant(page, "reste-a-charge") == "21.50"
    assert "à domicile" not in page.locator(".resultat__contexte").inner_text()
    assert not defilement_horizontal(page)
    assert violations_axe(page) == []
    capture(page, "simulateur-consultation-du-soir-320")


def test_ce_que_nous_ne_savons_pas_chiffrer_est_explique(page, site_en_ligne, surveillance):
    """The two « non chiffrable » cases of test_consultations.py: a secteur 1 doctor with a droit
    permanent à dépassement who bills more than the tariff, and an APC billed above the tariff by
    a secteur 2 doctor without OPTAM. No amount, a sentence that says why."""
    ouvrir(page, site_en_ligne)
    page.get_by_label("Date de la consultation").fill("2026-03-01")
    page.get_by_label("Secteur 1 avec droit permanent à dépassement").check()
    page.get_by_label("Montant payé au médecin (€)").fill("50")
    explication = page.locator("#resultat .resultat__vide")
    expect(explication).to_contain_text(
        "Nous ne savons pas sur quelle base l'Assurance Maladie rembourse un médecin à droit "
        "permanent à dépassement qui dépasse le tarif"
    )
    expect(explication).to_be_visible()
    assert page.locator("#resultat data").count() == 0
    assert violations_axe(page) == []
    capture(page, "simulateur-non-chiffrable-droit-permanent")

    page.get_by_label("Médecin consulté").select_option("autre-specialiste")
    acte = page.get_by_label("Type de consultation")
    expect(acte.locator("option[value=avis-ponctuel]")).to_have_count(1)
    acte.select_option("avis-ponctuel")
    page.get_by_label("Secteur 2 sans OPTAM").check()
    page.get_by_label("Montant payé au médecin (€)").fill("80")
    expect(explication).to_contain_text(
        "Nous ne savons pas sur quelle base l'Assurance Maladie rembourse cet acte quand un médecin "
        "de secteur 2 sans OPTAM dépasse le tarif"
    )
    expect(explication).to_be_visible()
    assert page.locator("#resultat data").count() == 0
    assert violations_axe(page) == []
    capture(page, "simulateur-non-chiffrable-apc-secteur-2")


def test_plafond_annuel_des_participations_atteint_au_clavier(page, site_en_ligne, surveillance):
    ouvrir(page, site_en_ligne)
    # « Situations particulières » is folded: reach its summary with Tab, open it with Enter.
    tabuler_jusqu_a(page, "e.tagName === 'SUMMARY' && e.textContent.includes('Situations particulières')")
    page.keyboard.press("Enter")
    tabuler_jusqu_au_champ(page, "id_participations_annee")
    page.keyboard.type("50")  # the whole 50 € cap already paid this year
    avertissement = page.locator("li.avertissement--plafond-participations")
    expect(avertissement).to_be_visible()
    expect(avertissement).to_contain_text("le plafond annuel de 50,00")
    expect(avertissement).to_contain_text("est atteint, il n'en est plus retenu")
    # G 30 € at 70 %, and no participation withheld.
    assert montant(page, "participation-forfaitaire") == "0.00"
    assert montant(page, "remboursement-assurance-maladie") == "21.00"
    assert page.evaluate("document.activeElement.id") == "id_participations_annee"
    assert violations_axe(page) == []
    capture(page, "simulateur-plafond-participations")


def test_visite_du_dimanche_et_consultation_longue_sans_javascript_a_320_px(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.set_viewport_size({"width": ETROIT, "height": 800})

    # A Sunday home visit, regulated, posted with « Calculer »: the whole page comes back.
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_label("Date de la consultation").fill("2026-03-01")
    page.locator("summary", has_text="Téléconsultation, visite").click()
    page.get_by_label("À domicile (visite)").check()
    page.locator("#id_visite_justifiee").check()
    page.get_by_label("Un dimanche ou un jour férié, en journée").check()
    page.locator("#id_regulee").check()
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("form.formulaire")).to_have_count(1)
    assert montant(page, "base-remboursement") == "59.06"
    assert montant(page, "remboursement-assurance-maladie") == "39.34"
    assert montant(page, "reste-a-charge") == "19.72"
    assert "Et si" in page.locator("#resultat").inner_text()
    assert page.locator("#id_lieu_2").is_checked() and page.locator("#id_regulee").is_checked()
    assert not defilement_horizontal(page)
    capture(page, "simulateur-visite-dimanche-320-sans-js")

    # A consultation longue at 85: the act is offered once the age is posted, then priced.
    page.goto(site_en_ligne.url + "/simulateur/")
    page.get_by_label("Date de la consultation").fill("2026-03-01")
    page.get_by_label("Âge du patient (en années)").fill("85")
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    acte = page.get_by_label("Type de consultation")
    expect(acte.locator("option")).to_have_count(2)
    acte.select_option("consultation-longue")
    page.get_by_role("button", name="Calculer").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_count(1)
    assert page.get_by_label("Type de consultation").input_value() == "consultation-longue"
    assert montant(page, "honoraires-payes") == "60.00"
    assert montant(page, "base-remboursement") == "60.00"
    assert montant(page, "remboursement-assurance-maladie") == "40.00"
    assert montant(page, "reste-a-charge") == "20.00"
    assert not defilement_horizontal(page)
    capture(page, "simulateur-consultation-longue-320-sans-js")
