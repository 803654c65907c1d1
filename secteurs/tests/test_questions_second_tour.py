"""The doctor's side of the sectors (issue 16) and the second round of the FAQ (issue 12, part 5,
questions 21-30 of the reference): each answer renders every marker, and states the barème's
figures of today (read here from the barème, never typed)."""

import html as html_module
import re

import pytest
from django.urls import reverse

from secteurs import marqueurs
from secteurs.models import Page, Question, Terme
from simulateur import affichage, baremes, calcul

pytestmark = pytest.mark.django_db

D = calcul.Decimal
OPPOSABLE, DANS = calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS

# Questions 21-30 of shared/reference/questions-patients.md, in its order, then the three of the
# doctor's side.
SECOND_TOUR = [
    "medecin-traitant-retraite",
    "consultation-privee-hopital-public",
    "anesthesiste-depassement",
    "teleconsultation-medecin-inconnu",
    "rendez-vous-non-honore",
    "connaitre-le-prix-avant",
    "conventionne-depassement-permanent",
    "ordonnances-medecin-non-conventionne",
    "consultation-longue-60-euros",
    "dimanche-maison-medicale-de-garde",
]
COTE_MEDECINS = [
    "pourquoi-mon-medecin-est-en-secteur-2",
    "medecin-changer-de-secteur",
    "qui-controle-les-depassements",
]


def bareme():
    return baremes.bareme_du(baremes.aujourdhui())


def visible(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    html = reponse.content.decode().replace("\u202f", " ").replace("\u00a0", " ").replace("&nbsp;", " ")
    return html


def euros(montant):
    return affichage.euros(montant).replace("\u00a0", " ")


def pourcent(taux):
    return affichage.pourcent(taux).replace("\u00a0", " ")


@pytest.mark.parametrize("slug", SECOND_TOUR + COTE_MEDECINS)
def test_chaque_reponse_calcule_tous_ses_marqueurs(client, slug):
    question = Question.objects.publies().get(slug=slug)
    assert marqueurs.erreurs(question.reponse_html, bareme()) == []
    html = visible(client, question.get_absolute_url())
    assert "valeur indisponible" not in html
    assert 'datetime="2026-12-02"' in html  # « Mis à jour le » of the day the text was written
    assert question.sources.count("https://") >= 2
    assert f'href="{question.get_absolute_url()}"' in visible(client, reverse("secteurs:faq"))


def chiffres(b):
    g = b.tarif("generaliste", OPPOSABLE, DANS, 40)
    return {
        "taux": pourcent(b.parametre("taux-amo")),
        "hors": pourcent(b.parametre("taux-amo") - b.parametre("majoration-hors-parcours")),
        "pf": euros(b.parametre("participation-forfaitaire")),
        "seuil": euros(b.parametre("seuil-information-ecrite")),
        "g": euros(g.montant),
    }


FIGURES = {
    "medecin-traitant-retraite": lambda b, c: [c["taux"], c["hors"], c["pf"]],
    "consultation-privee-hopital-public": lambda b, c: [c["taux"], c["pf"], c["seuil"]],
    "anesthesiste-depassement": lambda b, c: [c["seuil"]],
    "teleconsultation-medecin-inconnu": lambda b, c: [
        euros(b.tarif("generaliste", OPPOSABLE, DANS, 40, calcul.Acte.TELECONSULTATION).montant),
        "vous verse 0,00 €",
    ],
    "rendez-vous-non-honore": lambda b, c: [
        "ne peuvent être réclamés qu'à l'occasion d'actes réellement effectués"
    ],
    "connaitre-le-prix-avant": lambda b, c: [c["g"], c["seuil"]],
    "conventionne-depassement-permanent": lambda b, c: [
        euros(b.tarif("autre-specialiste", OPPOSABLE, DANS, 40).montant)
    ],
    "ordonnances-medecin-non-conventionne": lambda b, c: [
        euros(b.tarif("generaliste", calcul.Categorie.AUTORITE, DANS, 40).montant),
        "1er janvier 2027",
    ],
    "consultation-longue-60-euros": lambda b, c: (
        lambda gl: [
            euros(gl),
            # Without complémentaire: the fee minus (70 % of it minus the PF); in ALD, 100 % minus the PF.
            euros(gl - (calcul.part(gl, b.parametre("taux-amo")) - b.parametre("participation-forfaitaire"))),
            euros(calcul.part(gl, b.parametre("taux-ald")) - b.parametre("participation-forfaitaire")),
        ]
    )(b.tarif("generaliste", OPPOSABLE, DANS, 85, "consultation-longue").montant),
    "dimanche-maison-medicale-de-garde": lambda b, c: (
        lambda f, mhp: [euros(f), euros(b.tarif("generaliste", OPPOSABLE, DANS, 40).montant + f), euros(mhp)]
    )(
        next(m.montant for m in b.majorations if m.code == "F" and m.regulee),
        next(m.montant for m in b.majorations if m.code == "MHP"),
    ),
}


@pytest.mark.parametrize("slug", SECOND_TOUR)
def test_chaque_reponse_donne_les_chiffres_du_bareme(client, slug):
    b = bareme()
    html = visible(client, Question.objects.get(slug=slug).get_absolute_url())
    for attendu in FIGURES[slug](b, chiffres(b)):
        assert attendu in html, (slug, attendu)


def test_les_chiffres_attendus_sont_ceux_des_sources():
    # The barème of fixtures/ says what the sources say (issue 12's reference): TCG 25 €, GL 60 €,
    # F 19,06 €, MHP 5 €, seuil 70 €, tarif d'autorité 0,61 €.
    b = bareme()
    assert b.tarif("generaliste", OPPOSABLE, DANS, 40, calcul.Acte.TELECONSULTATION).montant == D("25.00")
    assert b.tarif("generaliste", OPPOSABLE, DANS, 85, "consultation-longue").montant == D("60.00")
    assert {m.code: m.montant for m in b.majorations if m.regulee is not False}["F"] == D("19.06")
    assert b.parametre("seuil-information-ecrite") == D("70.00")


# --- The doctor's side ----------------------------------------------------------------------------


def test_page_cote_medecins(client, settings):
    page = Page.objects.publies().get(slug="cote-medecins")
    url = page.get_absolute_url()
    html = visible(client, url)
    for fait in (
        "Le secteur 1 est un choix définitif",
        "ancien chef de clinique",
        "OPTAM-ACO",
        "rémunération calculée sur son activité au tarif opposable",
        "PAMC",
        "Sécurité sociale des indépendants",
        "avec tact et mesure",
        "R.4127-53",
    ):
        assert fait in html, fait
    assert 'datetime="2026-12-02"' in html
    assert "valeur indisponible" not in html
    for slug in ("secteur-1", "secteur-2-optam", "secteur-2", "secteur-3"):
        assert f'href="{url}"' in visible(client, Page.objects.get(slug=slug).get_absolute_url()), slug
    glossaire = visible(client, reverse("secteurs:glossaire"))
    assert f'href="{url}"' in glossaire and 'id="tact-et-mesure"' in glossaire
    assert Terme.objects.get(slug="tact-et-mesure").publie
    plan = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.SITE_URL}{url}</loc>" in plan
    for slug in COTE_MEDECINS:
        assert (
            f'href="{Question.objects.get(slug=slug).get_absolute_url()}"' in html
            or slug == "medecin-changer-de-secteur"
        )


def test_marqueur_montant_des_majorations_et_des_honoraires():
    b = bareme()
    f = next(m.montant for m in b.majorations if m.code == "F" and m.regulee)
    g = b.tarif("generaliste", OPPOSABLE, DANS, 40).montant
    html = marqueurs.remplacer(
        "<p>{{ montant quoi=majorations horaire=dimanche regulee=oui }} / "
        "{{ montant quoi=honoraires horaire=dimanche regulee=oui }} / {{ montant quoi=majorations }}</p>",
        b,
    )
    assert html == f"<p>{affichage.euros(f)} / {affichage.euros(g + f)} / {affichage.euros(calcul.ZERO)}</p>"
    assert re.search(r"quoi=tout", marqueurs.erreurs("<p>{{ montant quoi=tout }}</p>")[0])


def test_teleconsultation_et_majorations_chiffrees_par_le_bareme(client):
    """No figure typed by hand in these answers: the barème's téléconsultation tariff and
    majorations, the same as the simulator's."""
    bareme = baremes.bareme_du(baremes.aujourdhui())
    for slug in ("remboursement-teleconsultation", "majoration-soir-dimanche-visite"):
        reponse = Question.objects.get(slug=slug).reponse
        assert re.findall(r"\d+(?:,\d+)?\s*€", marqueurs.MARQUEUR.sub("", reponse)) == [], slug
    html = client.get("/questions-frequentes/majoration-soir-dimanche-visite/").content.decode()
    for code in ("F", "MN", "MM", "MHP", "MD"):
        (montant,) = {m.montant for m in bareme.majorations if m.code == code}
        assert affichage.euros(montant) in html, code


def test_le_glossaire_explique_les_mots_des_nouvelles_consultations(client):
    bareme = baremes.bareme_du(baremes.aujourdhui())
    html = html_module.unescape(client.get("/glossaire/").content.decode())
    for terme in (
        "Avis ponctuel de consultant",
        "Consultation longue",
        "Droit permanent à dépassement",
        "Régulation",
    ):
        assert f">{terme}" in html, terme
    mhp = {m.montant for m in bareme.majorations if m.code == "MHP"}.pop()
    apc = bareme.tarif(
        "autre-specialiste", calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, 40, "avis-ponctuel"
    )
    for montant in (mhp, apc.montant):
        assert affichage.euros(montant) in html
