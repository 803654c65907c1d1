import datetime
import html as html_module
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from simulateur import baremes

pytestmark = pytest.mark.django_db

URL = reverse("simulateur:simulateur")
HTMX = {"HTTP_HX_REQUEST": "true"}
VALIDE = {
    "date": "2025-01-15",
    "medecin": "generaliste",
    "secteur": "1",
    "honoraires": "30",
    "age": "40",
    "parcours": "oui",
    "mutuelle": "100",
    "calculer": "1",
}


def data(html, ident):
    trouve = re.search(rf'<data id="{ident}" value="([^"]+)"', html)
    return trouve and trouve.group(1)


def resultats(html):
    return {
        i: data(html, i)
        for i in (
            "base-remboursement",
            "remboursement-assurance-maladie",
            "participation-forfaitaire",
            "remboursement-complementaire",
            "reste-a-charge",
        )
    }


def test_get_formulaire_vierge(client):
    reponse = client.get(URL)
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert '<form class="formulaire" method="post"' in html
    assert re.search(r'name="honoraires" id="id_honoraires"[^>]* value="30,00"', html)
    # The public contract: every field, under its name, with a label pointing at it.
    for nom in (
        "date",
        "medecin",
        "honoraires",
        "age",
        "mutuelle",
        "mutuelle_non_optam",
        "ald",
        "maternite",
        "css",
    ):
        assert f'name="{nom}"' in html and f'for="id_{nom}"' in html, nom
    for nom, valeurs in (
        ("secteur", ["1", "1-dp", "2-optam", "2", "3"]),
        ("lieu", ["cabinet", "teleconsultation", "domicile"]),
        ("horaire", ["jour", "soir", "nuit", "dimanche"]),
        ("parcours", ["oui", "non"]),
        ("regime", ["general", "alsace-moselle"]),
        ("responsable", ["oui", "non"]),
    ):
        for i, valeur in enumerate(valeurs):
            assert f'name="{nom}" value="{valeur}" id="id_{nom}_{i}"' in html, (nom, valeur)
    assert re.search(r'name="secteur" value="1" id="id_secteur_0" checked', html)
    assert "<data" not in html
    assert "Vos réponses ne sont ni enregistrées ni transmises" in html


def test_post_page_complete_avec_resultat(client):
    reponse = client.post(URL, VALIDE)
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<html" in html
    assert resultats(html) == {
        "base-remboursement": "30.00",
        "remboursement-assurance-maladie": "19.00",
        "participation-forfaitaire": "2.00",
        "remboursement-complementaire": "9.00",
        "reste-a-charge": "2.00",
    }
    assert "Détail du calcul" in html
    assert (
        "Médecin généraliste, secteur 1, le 15 janvier 2025. Patient de 40\u00a0ans, "
        "dans le parcours de soins, complémentaire à 100\u00a0%."
    ) in html.replace("&nbsp;", "\u00a0")


def test_barre_svg_proportions_en_attributs_lisibles(client):
    html = client.post(
        URL, {**VALIDE, "secteur": "2", "honoraires": "50", "mutuelle": "200"}
    ).content.decode()
    largeurs = [
        Decimal(w) for w in re.findall(r'<rect class="barre__\w+" x="[0-9.]+" y="0" width="([0-9.]+)"', html)
    ]
    # 14,10 € + 25,30 € + 10,60 € of 50 €: 28.2 %, 50.6 %, 21.2 %.
    assert largeurs == [Decimal("28.2"), Decimal("50.6"), Decimal("21.2")]


def bloc_resultat(html):
    debut = html.index('<section id="resultat"')
    debut = html.index(">", debut) + 1
    return html[debut : html.index("</section>", debut)]


def test_fragment_htmx_egal_au_bloc_de_la_page(client):
    page = client.post(URL, VALIDE).content.decode()
    fragment = client.post(URL, VALIDE, **HTMX).content.decode()
    assert "<html" not in fragment
    resultat_fragment = fragment[: fragment.index('<div id="resume"')]
    assert resultat_fragment.strip() == bloc_resultat(page).strip()
    # The compact summary is the same, sent out of band.
    resume = fragment[fragment.index('<div id="resume"') : fragment.index('<p id="erreur-')].strip()
    assert resume.replace(' hx-swap-oob="true"', "") in page
    assert "Reste à payer\u202f: <strong>" in resume


def test_restauration_d_historique_renvoie_la_page(client):
    reponse = client.post(URL, VALIDE, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in reponse.content.decode()


def test_entetes_de_confidentialite(client):
    for reponse in (client.get(URL), client.post(URL, VALIDE), client.post(URL, VALIDE, **HTMX)):
        assert "no-store" in reponse["Cache-Control"]
        assert "HX-Request" in reponse["Vary"]
        assert not reponse.cookies


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"honoraires": "trente"}, "Indiquez un montant en euros"),
        ({"honoraires": "-5"}, "ne peut pas être négatif"),
        ({"honoraires": "10000"}, "inférieur à 10 000"),
        ({"honoraires": "1e309"}, "Indiquez un montant"),
        ({"honoraires": "NaN"}, "Indiquez un montant"),
        ({"age": ""}, "Indiquez l'âge du patient"),
        ({"age": "deux"}, "Indiquez l'âge en années"),
        ({"age": "121"}, "120 ans au plus"),
        ({"age": "-1"}, "ne peut pas être négatif"),
        ({"medecin": "sorcier"}, "type de médecin de la liste"),
        ({"secteur": "4"}, "un des secteurs proposés"),
        ({"date": "31/02/2025"}, "date réelle"),
        ({"date": "2022-12-31"}, "Les tarifs sont connus du 1er janvier 2023 au"),
        ({"mutuelle": "50"}, "au moins 100"),
        ({"mutuelle": "beaucoup"}, "Indiquez un pourcentage"),
        ({"parcours": "peut-etre"}, "Répondez oui ou non"),
    ],
)
def test_saisies_invalides(client, champs, message):
    for entetes in ({}, HTMX):
        reponse = client.post(URL, {**VALIDE, **champs}, **entetes)
        html = reponse.content.decode()
        assert reponse.status_code == 200
        assert message.replace("'", "&#x27;") in html
        assert "<data" not in html


def test_dernier_jour_accepte_et_lendemain_refuse(client):
    fin = datetime.date(baremes.aujourdhui().year + 1, 12, 31)
    html = client.post(URL, {**VALIDE, "date": fin.isoformat()}).content.decode()
    assert data(html, "base-remboursement") is not None
    html = client.post(
        URL, {**VALIDE, "date": (fin + datetime.timedelta(days=1)).isoformat()}
    ).content.decode()
    assert f"au 31 décembre {fin.year}" in html
    assert "<data" not in html


def test_la_saisie_du_patient_est_conservee(client):
    html = client.post(URL, {**VALIDE, "honoraires": "trente", "age": "41"}).content.decode()
    assert 'value="trente"' in html
    assert 'value="41"' in html


def test_format_francais_et_date_jj_mm_aaaa(client):
    html = client.post(URL, {**VALIDE, "honoraires": "30,50", "date": "15/01/2025"}).content.decode()
    assert data(html, "base-remboursement") == "30.00"
    assert data(html, "reste-a-charge") == "2.50"


def test_valeurs_par_defaut_du_contrat(client):
    html = client.post(URL, {"age": "40"}).content.decode()
    assert data(html, "base-remboursement") is not None
    assert data(html, "remboursement-complementaire") == "0.00"


def test_le_montant_propose_suit_le_tarif(client):
    # The patient left the proposed 30,00: an under-6 child's tariff is proposed instead.
    reponse = client.post(
        URL, {**VALIDE, "honoraires": "30,00", "honoraires_auto": "30,00", "age": "3"}, **HTMX
    )
    html = reponse.content.decode()
    assert data(html, "base-remboursement") == "35.00"
    assert '<div id="honoraires-propose" hidden hx-swap-oob="true" data-valeur="35,00">' in html


def test_un_montant_saisi_n_est_jamais_remplace(client):
    html = client.post(
        URL, {**VALIDE, "honoraires": "50", "honoraires_auto": "30,00", "age": "3"}, **HTMX
    ).content.decode()
    assert data(html, "base-remboursement") == "35.00"
    # 50 € paid: 24,50 € from the AMO (no PF before 18), 10,50 € from a 100 % garantie.
    assert data(html, "reste-a-charge") == "15.00"
    assert 'id="honoraires-propose"' not in html


def test_mise_a_jour_en_direct_ne_signale_pas_les_champs_pas_encore_remplis(client):
    html = client.post(URL, {"medecin": "pediatre"}, **HTMX).content.decode()
    assert "Indiquez l&#x27;âge du patient" not in html
    assert "indiquez encore" in html


def test_methodes_refusees(client):
    assert client.put(URL).status_code == 405


def test_le_formulaire_vierge_est_servi_de_memoire_et_suit_le_bareme(client, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        assert 'value="30,00"' in client.get(URL).content.decode()
    from simulateur.models import Tarif

    ligne = Tarif.objects.get(
        medecin__slug="generaliste", acte="consultation", categorie="opposable", age_min=6, fin__isnull=True
    )
    ligne.montant = "31.00"
    ligne.save()
    assert 'value="31,00"' in client.get(URL).content.decode()


# Issue 16, finding 1: hors parcours with no fee typed, the proposed fee is the tariff the doctor may
# bill in that exact situation (CS without MCS, ref. §11.3: the DA is never assumed), so the result
# invents no dépassement. Reste: 26,50 € - (30 % x 26,50 € - PF); with the CSS, 26,50 € - 70 % x 26,50 €.
@pytest.mark.parametrize(
    ("champs", "honoraires", "reste"),
    [
        pytest.param({}, "26.50", "20.55", id="specialiste-secteur-1-hors-parcours-adulte"),
        pytest.param({"secteur": "2-optam"}, "26.50", "20.55", id="specialiste-optam-hors-parcours-adulte"),
        pytest.param({"css": "oui"}, "26.50", "10.60", id="specialiste-secteur-1-hors-parcours-css"),
        pytest.param(
            {"medecin": "psychiatre"}, "52.00", "38.40", id="psychiatre-secteur-1-hors-parcours-40-ans"
        ),
    ],
)
def test_finding_1_hors_parcours_sans_honoraires_propose_le_tarif_hors_parcours(
    client, champs, honoraires, reste
):
    donnees = {
        "date": "2026-03-01",
        "medecin": "autre-specialiste",
        "secteur": "1",
        "age": "40",
        "parcours": "non",
        "calculer": "1",
        **champs,
    }
    html = client.post(URL, donnees).content.decode()
    assert data(html, "base-remboursement") == honoraires
    assert data(html, "reste-a-charge") == reste
    assert "seule une complémentaire" not in html
    assert f"{honoraires.replace('.', ',')}" in html


def phrases(html):
    """The text of the page as a reader hears it: no tags, ordinary spaces."""
    texte = re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ").replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", texte.replace("&#x27;", "'"))


def test_etat_vide_en_phrase_francaise_et_age_adulte_par_defaut(client):
    html = client.get(URL).content.decode()
    assert (
        "Le résultat s'affiche ici après « Calculer », et se met à jour à chaque réponse "
        "si votre navigateur le permet."
    ) in phrases(html)
    assert 'name="age" id="id_age" min="0" max="120" inputmode="numeric" size="4" value="40"' in html
    assert "Adulte (40 ans) par défaut." in phrases(html)


def test_etat_partiel_en_phrase_francaise(client):
    html = client.post(URL, {"medecin": "pediatre", "age": ""}, **HTMX).content.decode()
    assert "Pour voir le résultat, indiquez encore l'âge du patient." in phrases(html)
    assert ", ." not in phrases(html)


def test_sans_complementaire_le_resultat_le_dit(client):
    html = client.post(URL, {**VALIDE, "mutuelle": ""}).content.decode()
    assert "Sans complémentaire santé indiquée : aucun remboursement en plus" in phrases(html)
    assert "Votre complémentaire vous rembourse" not in html
    assert data(html, "remboursement-complementaire") == "0.00"
    resume = client.post(URL, {**VALIDE, "mutuelle": "0"}, **HTMX).content.decode()
    assert (
        "Reste à payer : 11,00 € Assurance Maladie 19,00 €, sans complémentaire. Voir le détail du calcul"
        in phrases(resume)
    )


def test_avec_complementaire_le_resume_donne_les_trois_montants(client):
    html = client.post(URL, VALIDE, **HTMX).content.decode()
    assert (
        "Reste à payer : 2,00 € Assurance Maladie 19,00 €, complémentaire 9,00 €. Voir le détail du calcul"
        in phrases(html)
    )


@given(
    medecin=st.sampled_from(["generaliste", "pediatre", "dermatologue", "psychiatre", "inconnu", ""]),
    date=st.sampled_from(["2026-03-01", "2025-06-01", "2023-01-01", "1990-01-01", "hier", ""]),
    age=st.sampled_from(["", "1", "16", "17", "40", "85", "-3", "abc", "200"]),
    honoraires=st.sampled_from(["", "30", "x", "-1"]),
    acte=st.sampled_from(["", "consultation", "consultation-longue", "expertise-pediatrique", "rien"]),
    lieu=st.sampled_from(["", "cabinet", "domicile", "teleconsultation", "mars"]),
)
@settings(max_examples=150, deadline=None, derandomize=True)
def test_les_actes_proposes_sans_seconde_lecture_sont_les_memes(medecin, date, age, honoraires, acte, lieu):
    """The acts offered come from the answers already read when they are valid: exactly the acts
    that a reading of the doctor, the date and the age alone gives."""
    from simulateur.forms import Formulaire

    donnees = {"medecin": medecin, "date": date, "age": age, "honoraires": honoraires, "acte": acte}
    donnees["lieu"] = lieu
    form = Formulaire(donnees)
    lecture = form._lecture_des_actes()
    if lecture.bareme is None or "medecin" in lecture.erreurs or "age" in lecture.erreurs:
        attendus = baremes.actes()[:1]
    else:
        attendus = lecture.bareme.actes_possibles(lecture.valeurs["medecin"], lecture.valeurs["age"])
    attendus = [(a.slug, a.libelle) for a in attendus]
    choisi = form.valeur("acte")
    if choisi and choisi not in {slug for slug, _ in attendus}:
        attendus += [(a.slug, a.libelle) for a in baremes.actes() if a.slug == choisi]
    assert form.actes == attendus


def test_chaque_aide_visible_est_courte_le_reste_en_savoir_plus(client):
    """The common case is short: each field shows one short hint; longer help is one tap away
    (« En savoir plus »), and links (to find a doctor's sector) are not help to read."""
    page = client.get(URL).content.decode()
    aides = re.findall(r'<p id="aide-([a-z_]+)" class="aide">(.*?)</p>', page, re.S)
    assert len(aides) >= 12
    for nom, texte in aides:
        sans_liens = html_module.unescape(
            re.sub(r"<[^>]+>", "", re.sub(r"<a .*?</a>", "", texte, flags=re.S))
        )
        assert len(sans_liens) <= 100, (nom, sans_liens)
    for nom in ("honoraires", "age", "lieu", "regime", "mutuelle_non_optam", "responsable"):
        assert re.search(
            rf'<p id="aide-{nom}".*?</p>\s*<details class="aide-plus"><summary>En savoir plus', page, re.S
        ), nom
