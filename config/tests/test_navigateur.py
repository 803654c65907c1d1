import pytest
from playwright.sync_api import expect

from config.tests.navigateur import capture, defilement_horizontal, violations_axe
from secteurs.models import Page, Question

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def toutes_les_pages():
    urls = ["/", "/secteurs/", "/questions-frequentes/", "/tarifs-en-vigueur/", "/glossaire/", "/simulateur/"]
    urls += [p.get_absolute_url() for p in Page.objects.publies().exclude(slug="secteurs")]
    urls += [q.get_absolute_url() for q in Question.objects.publies()]
    return list(dict.fromkeys(urls))


def test_accueil_htmx_charge_sans_erreur(page, site_en_ligne, surveillance):
    page.goto(site_en_ligne.url + "/")
    assert page.evaluate("typeof htmx") == "object"
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("moitie", [0, 1])  # two halves of the pages, for the test workers
@pytest.mark.parametrize("largeur", [320, 1280])
def test_chaque_page_accessible_et_lisible(page, site_en_ligne, surveillance, largeur, moitie):
    page.set_viewport_size({"width": largeur, "height": 800})
    problemes = {}
    urls = toutes_les_pages()
    assert len(urls) > 40
    for url in urls[moitie::2]:
        page.goto(site_en_ligne.url + url)
        violations = violations_axe(page)
        if violations or defilement_horizontal(page):
            problemes[url] = (violations, defilement_horizontal(page))
        if largeur == 320 and url.count("/") <= 3:
            capture(page, "page" + url.replace("/", "_") + "320")
    assert problemes == {}


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


def test_filtre_de_la_faq_en_direct(page, site_en_ligne, surveillance):
    page.goto(site_en_ligne.url + "/questions-frequentes/")
    page.evaluate("window.__sans_rechargement = true")
    toutes = page.locator(".liste-questions li").count()
    page.get_by_label("Filtrer les questions").press_sequentially("optam", delay=30)
    expect(page.locator(".filtre__nombre")).to_contain_text("pour «\u202foptam\u202f»")
    filtrees = page.locator(".liste-questions li").count()
    assert 0 < filtrees < toutes
    assert page.evaluate("window.__sans_rechargement") is True
    assert page.evaluate("document.activeElement.id") == "filtre-q"
    assert violations_axe(page) == []


def test_filtre_de_la_faq_sans_javascript(page_sans_js, site_en_ligne):
    page = page_sans_js
    page.goto(site_en_ligne.url + "/questions-frequentes/")
    page.get_by_label("Filtrer les questions").fill("ALD")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert "q=ALD" in page.url
    assert page.locator(".filtre__nombre").inner_text().endswith("pour «\u202fALD\u202f».")
