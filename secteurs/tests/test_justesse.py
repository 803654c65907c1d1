"""« Juste et relu » (issue 16): every sentence as exact as the engine.

Each test names the finding of the fact-check it guards. Figures are read from the barème of
fixtures/ through the simulator, never typed here, except where a test reproduces the
issue's own measurement.
"""

import datetime
import html as html_module
import re
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import checks
from django.urls import reverse

from secteurs import marqueurs
from secteurs.models import Page, Question, Terme, cle_alphabetique
from simulateur import affichage, baremes, calcul, contrat
from simulateur.models import Parametre, Tarif

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


def test_finding_2_un_montant_plafonne_dit_la_garantie_appliquee(client):
    """Running text too: a reste or a complémentaire computed at a capped garantie says so, next to
    the amount, from the same computation (the FAQ « difference-secteurs » showed 200 % figures
    computed at 180 %)."""
    bareme = baremes.bareme_du(baremes.aujourdhui())
    for quoi in ("reste", "complementaire"):
        exemple = f"quoi={quoi} medecin=autre-specialiste honoraires=60 mutuelle=200"
        html = marqueurs.remplacer(f"<p>{{{{ montant {exemple} secteur=2 }}}}</p>", bareme)
        assert (
            "20,60\u00a0€ (garantie de 200\u00a0% ramenée à 180\u00a0% par le plafond du contrat responsable)"
            in html
            or (
                quoi == "complementaire"
                and "(garantie de 200\u00a0% ramenée à 180\u00a0% par le plafond" in html
            )
        ), html
        optam = marqueurs.remplacer(f"<p>{{{{ montant {exemple} secteur=2-optam }}}}</p>", bareme)
        assert "ramenée" not in optam
    # The Assurance Maladie's share does not depend on the garantie: nothing to say there.
    amo = marqueurs.remplacer(
        "<p>{{ montant quoi=amo medecin=autre-specialiste secteur=2 honoraires=60 mutuelle=200 }}</p>", bareme
    )
    assert "ramenée" not in amo
    question = Question.objects.get(slug="difference-secteurs")
    texte = page(client, question.get_absolute_url())
    assert "ramenée à 180" in texte


def page(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    return reponse.content.decode()


def simulation(client, **champs):
    donnees = {"date": "2026-03-01", "medecin": "generaliste", "secteur": "1", "age": "40", "calculer": "1"}
    return client.post(reverse("simulateur:simulateur"), {**donnees, **champs}).content.decode()


def textes_publies():
    for objet, html in contenus():
        yield objet, html
    for modele in (Page, Question, Terme):
        for objet in modele.objects.publies():
            yield objet, objet.sources_html


# --- Finding 3: hors parcours, the rate loses 40 points (70 % -> 30 %), not « 40 % » -------------


def test_finding_3_hors_parcours_le_taux_perd_des_points(client):
    html = simulation(client, parcours="non")
    assert "baisse de 40" not in html
    assert "perd 40\u00a0points\u202f: 30\u00a0% de la base au lieu de 70\u00a0%" in html or (
        "perd 40\u00a0points : 30\u00a0% de la base au lieu de 70\u00a0%" in html
    )
    tarifs = page(client, reverse("simulateur:tarifs"))
    assert "40\u00a0points" in tarifs or "40&nbsp;points" in tarifs


# --- Finding 4: the tarif d'autorité dates from the arrêté of 9 March 1966 -----------------------


def test_finding_4_tarif_d_autorite_arrete_de_1966():
    for objet, html in textes_publies():
        assert "vingtaine d'années" not in html, objet
    for modele, slug, champ in (
        (Page, "secteur-3", "corps_html"),
        (Question, "medecin-non-conventionne-quelques-centimes", "reponse_html"),
        (Terme, "tarif-d-autorite", "definition_html"),
    ):
        objet = modele.objects.get(slug=slug)
        assert "arrêté du 9\u00a0mars 1966" in getattr(objet, champ) or "arrêté du 9 mars 1966" in getattr(
            objet, champ
        )
        assert "JORFTEXT000000275557" in objet.sources_html  # the arrêté of 2006 that amends it


# --- Finding 5: without an audit, « non conforme » to RGAA 4.1.2, and what is tested -------------


def test_finding_5_accessibilite_non_conforme_sans_audit(client):
    html = page(client, "/accessibilite/")
    assert "partiellement conforme" not in html
    assert "<strong>non conforme</strong> au RGAA 4.1.2" in html
    assert "au clavier" in html and "320 pixels" in html and "lecteur d'écran" in html
    assert "partiellement conforme" not in page(client, "/")


# --- Finding 6: legal notices name real people in production --------------------------------------


def test_finding_6_la_production_refuse_les_mentions_provisoires(settings):
    from secteurs.checks import mentions_legales

    settings.PRODUCTION = True
    erreurs = mentions_legales()
    assert {e.id for e in erreurs} == {"secteurs.E001"} and len(erreurs) == 3
    assert all(e.level == checks.ERROR for e in erreurs)
    settings.SITE_EDITEUR = "Association Exemple, 1 rue de l'Exemple, 75000 Paris"
    settings.SITE_DIRECTEUR_PUBLICATION = "Camille Exemple"
    settings.SITE_HEBERGEUR = "Hébergeur Exemple SAS, 2 avenue de l'Exemple, 59000 Lille"
    assert mentions_legales() == []
    settings.PRODUCTION = False
    settings.SITE_HEBERGEUR = ""
    assert mentions_legales() == []  # development keeps its labelled defaults


def test_finding_6_la_production_ne_demarre_pas_sans_mentions_legales():
    import os
    import subprocess
    import sys

    production = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "secteurs.example",
    }
    for nom in ("SITE_EDITEUR", "SITE_DIRECTEUR_PUBLICATION", "SITE_HEBERGEUR"):
        production.pop(nom, None)
    # What gunicorn does when it loads the site (config/wsgi.py).
    demarrer = lambda env: subprocess.run(  # noqa: E731
        [sys.executable, "-c", "from config.wsgi import application"], env=env, capture_output=True, text=True
    )
    refus = demarrer({**production, "SITE_HEBERGEUR": "Hébergeur à préciser"})
    assert refus.returncode != 0
    assert "ne nomment pas l'éditeur du site" in refus.stderr
    assert "l'hébergeur : SITE_HEBERGEUR vaut « Hébergeur à préciser »" in refus.stderr
    reelles = {
        "SITE_EDITEUR": "Association Exemple, 1 rue de l'Exemple, 75000 Paris",
        "SITE_DIRECTEUR_PUBLICATION": "Camille Exemple",
        "SITE_HEBERGEUR": "Hébergeur Exemple SAS, 2 avenue de l'Exemple, 59000 Lille",
    }
    assert demarrer({**production, **reelles}).returncode == 0


def test_finding_6_mentions_legales_nomment_editeur_directeur_hebergeur(client):
    html = page(client, "/mentions-legales/")
    assert "à préciser" not in html and "édité par L" not in html
    assert "Directeur ou directrice de la publication" in html
    assert "(valeur de développement)" in html
    assert "à préciser" not in page(client, "/confidentialite/")


# --- Finding 7: « depuis le » is the day the amount took effect ----------------------------------


def test_finding_7_tarifs_valeur_precedente_differente(client):
    html = page(client, reverse("simulateur:tarifs"))
    lignes = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html)
    assert lignes
    for ligne in lignes:
        cellules = re.findall(r"<td>(.*?)</td>", ligne)
        if len(cellules) >= 4 and cellules[2] != "—":
            assert re.sub("<.*", "", cellules[0]) != re.sub(r" \(.*", "", cellules[2]), ligne


# --- Finding 8: CSS « sauf exigence particulière »; OPTAM-ACO; secteur 1 exceptions --------------


def test_finding_8_css_sauf_exigence_particuliere():
    for objet, html in contenus():
        for trouve in re.finditer(r"ne peut (pas )?vous facturer de dépassement", html):
            assert "exigence particulière" in html[trouve.end() : trouve.end() + 80], objet


def test_finding_8_optam_aco():
    for objet, html in textes_publies():
        for trouve in re.finditer(r"OPTAM-CO\b", html):
            avant = html[max(0, trouve.start() - 30) : trouve.start()]
            assert "appelait" in avant or "disait" in avant or "ancien" in avant, (objet, avant)
    assert "OPTAM-ACO" in Page.objects.get(slug="secteur-2-optam").titre


def test_finding_8_aide_du_secteur_1_dit_ses_exceptions():
    aide = contrat.SECTEURS_PAR_VALEUR[calcul.Secteur.S1].aide
    assert "exigence particulière" in aide and "hors parcours" in aide


# --- Finding 9: the smaller ones -------------------------------------------------------------------


def test_finding_9_tranches_d_age_des_enfants_comme_le_bareme():
    reponse = Question.objects.get(slug="consultation-enfant").reponse
    tranches = {t.tranche() for t in Tarif.objects.filter(medecin__slug="pediatre", acte="consultation")}
    for tranche in re.findall(r"^- ((?:moins de|de|\d).*?ans(?: et plus)?) :", reponse, flags=re.M):
        assert tranche in tranches, tranche
    assert "de 2 à 6 ans" not in reponse


def test_finding_9_glossaire_dans_l_ordre_alphabetique_francais(client):
    html = page(client, reverse("secteurs:glossaire"))
    termes = re.findall(r'<dt id="[^"]+">([^<]+)', html)
    assert termes == sorted(termes, key=cle_alphabetique)
    assert cle_alphabetique("Dépassement") < cle_alphabetique("Dispositifs")
    assert cle_alphabetique("Téléconsultation") < cle_alphabetique("Tiers payant")
    assert cle_alphabetique("cote") < cle_alphabetique("côte") < cle_alphabetique("coter")


def test_finding_9_phrases_relues():
    for objet, html in textes_publies():
        assert "?." not in html and "? ." not in html, objet
        assert "s'additionnent" not in html, objet
        for trouve in re.finditer(r"6e mois de grossesse", html):
            assert "12 jours" in html[trouve.end() : trouve.end() + 120], objet


def test_finding_9_prix_du_generaliste_d_aujourd_hui(client):
    bareme = baremes.bareme_du(baremes.aujourdhui())
    adulte = bareme.tarif("generaliste", calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, 40)
    reponse = Question.objects.get(slug="prix-consultation-generaliste")
    html = html_module.unescape(page(client, reponse.get_absolute_url()))
    # Today's amount, said as such, computed from the barème (its history too).
    assert (
        f"<li>{affichage.euros(adulte.montant)} depuis le 22 décembre 2024 (tarif d'aujourd'hui)</li>" in html
    )


def test_finding_9_aucune_source_du_bareme_n_est_une_page_d_accueil():
    for modele in (Tarif, Parametre):
        for ligne in modele.objects.all():
            adresse = urlparse(ligne.source_url)
            assert adresse.path.strip("/") or adresse.query, (ligne, ligne.source_url)


@pytest.mark.parametrize(
    "champs",
    [
        {"secteur": "2", "honoraires": "50", "mutuelle": "200"},
        {"honoraires": "30", "mutuelle": "100"},
        {"medecin": "psychiatre", "secteur": "2", "honoraires": "70", "mutuelle": "150"},
        {"secteur": "3", "honoraires": "33"},
        {"honoraires": "37", "mutuelle": "125", "parcours": "non"},
    ],
)
def test_finding_9_les_parts_de_la_barre_font_100(client, champs):
    html = simulation(client, **champs)
    largeurs = [
        Decimal(v) for v in re.findall(r'<rect class="barre__[a-z]+" x="[^"]+" y="0" width="([^"]+)"', html)
    ]
    assert largeurs and sum(largeurs) == 100
    legendes = re.findall(r"(\d+(?:,\d)?)\u00a0%\s*\(", html) or re.findall(
        r"(\d+(?:,\d)?)&nbsp;%\s*\(", html
    )
    assert sum(Decimal(v.replace(",", ".")) for v in legendes) == 100


def test_la_migration_corrige_les_phrases_et_la_typographie_des_bases_existantes():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("secteurs.migrations.0004_typographie_francaise")
    page = Page.objects.get(slug="secteur-3")
    Page.objects.filter(pk=page.pk).update(
        corps="Un tarif fixé par arrêté et inchangé depuis une vingtaine d'années : {{ tarif secteur=3 }}.",
        titre="Secteur 3 : hors convention",
        mis_a_jour_le=datetime.date(2026, 11, 22),
    )
    migration.corriger_et_rendre(apps, None)
    page.refresh_from_db()
    assert "arrêté du 9 mars 1966" in page.corps and "vingtaine" not in page.corps
    assert "1966 et jamais revalorisé depuis (il a seulement été converti en euros)\u202f:" in page.corps_html
    assert page.titre == "Secteur 3\u202f: hors convention"
    assert page.mis_a_jour_le == datetime.date(2026, 12, 2)


# --- Second re-read: computed history, the accessibility statement, sources said once ----------


def test_le_prix_du_generaliste_ne_tape_aucun_montant_a_la_main():
    """Its history comes from the barème: an announced value can never contradict it."""
    reponse = Question.objects.get(slug="prix-consultation-generaliste").reponse
    assert "{{ historique medecin=generaliste }}" in reponse
    assert re.findall(r"\d+(?:,\d+)?\s*€", marqueurs.MARQUEUR.sub("", reponse)) == []


def test_aucune_source_ne_se_repete():
    for modele in (Page, Question, Terme):
        for objet in modele.objects.publies():
            for libelle in re.findall(r"\[([^\]]+)\]\(", objet.sources):
                avant, _, apres = libelle.partition(" : ")
                assert not apres or avant.lower() not in apres.lower(), (objet, libelle)


def test_la_declaration_d_accessibilite_commence_par_une_majuscule(client):
    texte = re.sub(r"<[^>]+>", "", page(client, "/accessibilite/"))
    assert "L'éditeur du site, " in texte and "s'engage à rendre" in texte


def test_la_migration_corrige_les_bases_existantes():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("secteurs.migrations.0007_relecture_historique_et_accessibilite")
    question = Question.objects.get(slug="prix-consultation-generaliste")
    accessibilite = Page.objects.get(slug="accessibilite")
    for objet, champ, (_, _, ancien, nouveau) in (
        (question, "reponse", migration.CORRECTIONS[0]),
        (accessibilite, "corps", migration.CORRECTIONS[1]),
    ):
        type(objet).objects.filter(pk=objet.pk).update(
            **{champ: getattr(objet, champ).replace(nouveau, ancien)}
        )
    migration.corriger(apps, None)
    question.refresh_from_db()
    accessibilite.refresh_from_db()
    assert (
        "{{ historique medecin=generaliste }}" in question.reponse
        and "c'est le tarif" not in question.reponse
    )
    assert 'class="marqueur"' in question.reponse_html or "historique" in question.reponse_html
    assert accessibilite.corps.startswith("L'éditeur du site, {{ editeur }}, s'engage")


def test_la_visite_longue_est_dite_non_calculee(client):
    texte = html_module.unescape(page(client, "/majorations-et-depassements/"))
    assert "**" not in texte and "visite longue</strong> (VL)" in texte
    assert "notre simulateur ne la calcule pas" in texte
    resultat = simulation(client)
    assert "visite longue du médecin traitant (VL)" in html_module.unescape(resultat)
