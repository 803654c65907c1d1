"""« Juste et relu » (issue 16): every sentence as exact as the engine.

Each test names the finding of the fact-check it guards. Figures are read from the barème of
fixtures/ through the simulator, never typed here, except where a test reproduces the
issue's own measurement.
"""

import pytest

from secteurs import marqueurs
from secteurs.models import Page, Question, Terme
from simulateur import affichage, baremes, calcul

pytestmark = pytest.mark.django_db


def contenus():
    for modele, champ in ((Page, "corps_html"), (Question, "reponse_html"), (Terme, "definition_html")):
        for objet in modele.objects.publies():
            yield objet, getattr(objet, champ)


def blocs(html, bareme):
    """The example and comparison blocks of a stored text, computed on `bareme`."""
    for trouve in marqueurs.MARQUEUR.finditer(html):
        marqueur, arguments = marqueurs.analyser(trouve.group(1))
        if marqueur.nom in ("exemple", "comparaison"):
            yield marqueur, marqueurs.valeur(marqueur, arguments, bareme)


# --- Finding 2: a table captioned with a garantie shows the garantie the engine applied ---------


def test_finding_2_chaque_tableau_dit_la_garantie_appliquee(client):
    bareme = baremes.bareme_du(baremes.aujourdhui())
    vus = plafonnes = 0
    for objet, html in contenus():
        for marqueur, bloc in blocs(html, bareme):
            exemples = [e for _, e in bloc.lignes] if marqueur.nom == "comparaison" else [bloc]
            page = client.get(objet.get_absolute_url()).content.decode()
            for e in exemples:
                if e.garantie is None:
                    continue
                vus += 1
                r = e.resultat
                # The amount shown is the one the stated garantie gives, from the same computation.
                attendu = max(
                    calcul.ZERO,
                    min(r.honoraires, calcul.part(r.base_remboursement, e.garantie)) - r.amo_brut,
                )
                if not r.hors_parcours:
                    assert r.complementaire == attendu, objet
                if e.garantie_plafonnee:
                    plafonnes += 1
                    assert f"{affichage.pourcent(e.garantie)}" in page, (objet, e.garantie)
                    assert "article R871-2 du code de la sécurité sociale" in page, objet
    assert vus and plafonnes  # the pages of the issue do show capped garanties


def test_finding_2_exemple_plafonne_nomme_la_garantie_appliquee():
    bareme = baremes.bareme_du(baremes.aujourdhui())
    html = marqueurs.remplacer(
        "<p>{{ exemple medecin=generaliste secteur=2 honoraires=50 mutuelle=200 }}</p>", bareme
    )
    assert "complémentaire à 200\u00a0% de la base, appliquée ici à 180\u00a0%" in html
    html = marqueurs.remplacer(
        "<p>{{ exemple medecin=generaliste secteur=2-optam honoraires=50 mutuelle=200 }}</p>", bareme
    )
    assert "appliquée ici" not in html
