"""The documentation page in Chromium: accessible (axe), no horizontal scroll at 320 px, no CSP
violation, no request to another origin."""

import pytest

from config.tests.navigateur import capture, defilement_horizontal, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("largeur", [320, 1280])
def test_documentation_accessible_et_lisible(page, site_en_ligne, surveillance, largeur):
    page.set_viewport_size({"width": largeur, "height": 800})
    page.goto(site_en_ligne.url + "/api/")
    assert page.locator("h1").inner_text() == "API publique du calcul"
    assert violations_axe(page) == []
    assert not defilement_horizontal(page)
    if largeur == 320:
        capture(page, "page_api_320")
