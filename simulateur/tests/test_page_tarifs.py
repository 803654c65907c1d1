"""The « Tarifs en vigueur » page: one series per act, the majorations, the last real change.

The page is read on a fixed day after the last change of the fixtures' barème (1 January 2026),
so that it reads the same whenever the tests run."""

import datetime
import html as html_module
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simulateur import affichage, baremes, series
from simulateur.models import Majoration, Medecin, Tarif

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 6, 15)
URL = reverse("simulateur:tarifs")


@pytest.fixture
def jour():
    """`baremes.aujourdhui()` frozen (the view and the page cache's key both read it)."""
    with mock.patch.object(baremes, "aujourdhui", return_value=JOUR) as fige:
        yield fige


def texte(fragment):
    """Visible text: tags removed, entities decoded, every kind of space an ordinary one."""
    fragment = html_module.unescape(re.sub(r"<[^>]+>", "", fragment))
    return re.sub(r"[\u00a0\u202f ]+", " ", fragment).strip()


def page(client):
    reponse = client.get(URL)
    assert reponse.status_code == 200
    return reponse.content.decode()


def section(html, ident):
    """The <section> whose heading has this id."""
    debut = html.index(f'id="{ident}"')
    return html[html.rindex("<section", 0, debut) : html.index("</section>", debut)]


def lignes(fragment):
    """Each body row: (row header, [cells]) as visible text; cells keep their order."""
    return [
        (texte(entete), [texte(cellule) for cellule in re.findall(r"<td>(.*?)</td>", reste)])
        for entete, reste in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', fragment)
    ]


def ligne(fragment, *mots, entete=None):
    """The one row whose header holds all these words (or is `entete`)."""
    trouvees = [
        (titre, cellules)
        for titre, cellules in lignes(fragment)
        if all(m in titre for m in mots) and entete in (None, titre)
    ]
    assert len(trouvees) == 1, (mots, entete, [titre for titre, _ in lignes(fragment)])
    return trouvees[0][1]


# --- 1. Each act of a doctor is a series of its own ----------------------------------------------


def test_la_consultation_du_gynecologue_n_est_pas_chainee_a_l_avis_ponctuel(client, jour):
    gyneco = section(page(client), "medecin-gynecologue")
    montant, depuis, precedente, _source = ligne(gyneco, entete="Consultation de gynécologie, tous âges")
    assert (montant, depuis) == ("40,00 €", "1er janvier 2026")
    assert precedente == "37,00 € (jusqu'au 31 décembre 2025)"
    assert "60" not in precedente
    montant, depuis, precedente, _source = ligne(gyneco, "APC")
    assert (montant, depuis) == ("60,00 €", "22 décembre 2024")
    assert precedente == "56,50 € (jusqu'au 21 décembre 2024)"


def test_la_consultation_de_l_ophtalmologue_garde_la_date_de_son_montant(client, jour):
    """CS + MCS at 31,50 € replaced CS + MPC + MCS at 31,50 € on 22 December 2024: same amount,
    so « depuis le » is the day 31,50 € took effect, 1 November 2023, and the previous value is
    its own 30 €, not the avis ponctuel's 56,50 €."""
    ophtalmo = section(page(client), "medecin-ophtalmologue")
    montant, depuis, precedente, _source = ligne(ophtalmo, "CS + MCS")
    assert (montant, depuis) == ("31,50 €", "1er novembre 2023")
    assert precedente == "30,00 € (jusqu'au 31 octobre 2023)"
    for medecin in ("autre-specialiste", "dermatologue"):
        cellules = ligne(section(page(client), f"medecin-{medecin}"), "CS + MCS")
        assert cellules[:3] == ["31,50 €", "1er novembre 2023", "30,00 € (jusqu'au 31 octobre 2023)"]


def test_le_depistage_du_melanome_depuis_le_1er_janvier_2026(client, jour):
    dermato = section(page(client), "medecin-dermatologue")
    montant, depuis, precedente, _source = ligne(dermato, "dépistage du mélanome")
    assert (montant, depuis) == ("60,00 €", "1er janvier 2026")
    # Its own previous amount (the act had no row in 2025: see the report on the fixtures).
    assert precedente == "47,50 € (jusqu'au 21 décembre 2024)"


def test_la_visite_n_a_pas_pour_valeur_precedente_l_ancienne_consultation(client, jour):
    generaliste = section(page(client), "medecin-generaliste")
    montant, depuis, precedente, _source = ligne(generaliste, entete="Visite à domicile : VG, 6 ans et plus")
    assert (montant, depuis, precedente) == ("30,00 €", "22 décembre 2024", "—")
    assert "26,50" not in precedente
    montant, depuis, precedente, _source = ligne(
        generaliste, entete="Visite à domicile : VG + MEG, moins de 6 ans"
    )
    assert (montant, depuis, precedente) == ("35,00 €", "22 décembre 2024", "—")
    # The consultation itself still shows its history.
    montant, depuis, precedente, _source = ligne(generaliste, entete="G, 6 ans et plus")
    assert (montant, depuis, precedente) == (
        "30,00 €",
        "22 décembre 2024",
        "26,50 € (jusqu'au 21 décembre 2024)",
    )


def test_les_actes_sont_nommes(client, jour):
    generaliste = section(page(client), "medecin-generaliste")
    entetes = [entete for entete, _ in lignes(generaliste)]
    assert "Visite à domicile : VG, 6 ans et plus" in entetes
    assert "Téléconsultation : TCG, tous âges" in entetes
    assert any(e.startswith("Consultation longue du médecin traitant") for e in entetes)
    # The consultation comes first.
    assert entetes[0] == "G + MEG, moins de 6 ans"


def test_aucune_valeur_precedente_egale_ni_sans_date_de_fin(client, jour):
    html = page(client)
    assert "(jusqu'au )" not in texte(html)
    for medecin in Medecin.objects.all():
        for entete, cellules in lignes(section(html, f"medecin-{medecin.slug}")):
            montant, _depuis, precedente, _source = cellules
            if precedente != "—":
                assert re.sub(r" \(.*", "", precedente) != re.sub(r"(€).*", r"\1", montant), entete


def test_chaque_ligne_en_vigueur_une_seule_fois(client, jour):
    """Every tariff row in force appears once in its doctor's table, none is lost or doubled."""
    html = page(client)
    for medecin in Medecin.objects.all():
        attendues = Tarif.objects.filter(medecin=medecin).en_vigueur(JOUR).count()
        assert len(lignes(section(html, f"medecin-{medecin.slug}"))) == attendues, medecin.slug


# --- 2. The majorations ---------------------------------------------------------------------------


def test_les_majorations_en_vigueur_avec_leur_montant_et_leur_source(client, jour):
    html = page(client)
    majorations = section(html, "majorations-titre")
    assert re.search(r'<h2 id="majorations-titre">Majorations[^<]*</h2>', majorations)
    assert 'aria-labelledby="majorations-titre"' in majorations
    assert '<th scope="col">Conditions</th>' in majorations
    en_vigueur = list(Majoration.objects.en_vigueur(JOUR))
    assert {m.code for m in en_vigueur} == {"MD", "F", "MN", "MM", "MHP"}
    assert len(lignes(majorations)) == len(en_vigueur)
    for m in en_vigueur:
        montant, _depuis, _precedente, _conditions, source = ligne(majorations, f"({m.code})")
        assert montant == texte(affichage.euros(m.montant)), m.code
        assert source.startswith("Source")
        assert f'<a href="{m.source_url}" rel="noreferrer">' in majorations


def test_les_conditions_et_dates_des_majorations(client, jour):
    majorations = section(page(client), "majorations-titre")
    assert ligne(majorations, "(F)") == [
        "19,06 €",
        "22 décembre 2024",
        "—",
        "Dimanche ou jour férié ; seulement régulée (15, SAS, permanence des soins) ou urgence vraie ; "
        "tous les médecins",
        "Source : Majoration de dimanche ou de jour férié (patient régulé ou urgence vraie)",
    ]
    montant, depuis, precedente, conditions, _source = ligne(majorations, "(MD)")
    assert (montant, depuis, precedente) == ("10,00 €", "1er janvier 2023 ou avant", "—")
    assert conditions == "À domicile ; visite médicalement justifiée seulement ; médecin généraliste"
    assert (
        ligne(majorations, "(MHP)")[3]
        == "Soir, nuit, dimanche ou jour férié ; seulement sans régulation ; tous les médecins"
    )
    assert ligne(majorations, "(MN)")[:2] == ["35,00 €", "22 décembre 2024"]
    assert ligne(majorations, "(MM)")[:2] == ["40,00 €", "22 décembre 2024"]


def test_majoration_valeur_precedente_et_annoncee(client, jour):
    md = Majoration.objects.get(code="MD", fin__isnull=True)
    md.fin = datetime.date(2026, 3, 31)
    md.save()
    nouvelle = Majoration.objects.get(pk=md.pk)
    nouvelle.pk, nouvelle.debut, nouvelle.fin, nouvelle.montant = (
        None,
        datetime.date(2026, 4, 1),
        None,
        "12.00",
    )
    nouvelle.save()
    mhp = Majoration.objects.get(code="MHP", fin__isnull=True)
    mhp.fin = datetime.date(2026, 12, 31)
    mhp.save()
    annoncee = Majoration.objects.get(pk=mhp.pk)
    annoncee.pk, annoncee.debut, annoncee.fin, annoncee.montant = (
        None,
        datetime.date(2027, 1, 1),
        None,
        "6.00",
    )
    annoncee.save()

    majorations = section(page(client), "majorations-titre")
    assert ligne(majorations, "(MD)")[:3] == ["12,00 €", "1er avril 2026", "10,00 € (jusqu'au 31 mars 2026)"]
    assert ligne(majorations, "(MHP)")[0] == "5,00 €6,00 € à partir du 1er janvier 2027"
    assert '<span class="a-venir">6,00\u00a0€ à partir du 1er janvier 2027</span>' in majorations


# --- 3. « Derniers changements le »: a day an amount changed ---------------------------------------


def chapeau(html):
    return texte(re.search(r'<p class="chapeau">(.*?)</p>', html, re.S).group(1))


def test_derniers_changements_un_jour_ou_un_montant_a_change(client, jour):
    assert "Derniers changements le 1er janvier 2026." in chapeau(page(client))


def test_un_changement_de_code_seul_n_est_pas_un_changement(client, jour):
    """The G keeps 30 € under a new code from 1 April 2026: no amount changed that day."""
    g = Tarif.objects.get(medecin__slug="generaliste", acte="consultation", age_min=6, fin__isnull=True)
    g.fin = datetime.date(2026, 3, 31)
    g.save()
    recode = Tarif.objects.get(pk=g.pk)
    recode.pk, recode.debut, recode.fin, recode.code = None, datetime.date(2026, 4, 1), None, "G (recodé)"
    recode.save()

    html = page(client)
    assert "Derniers changements le 1er janvier 2026." in chapeau(html)
    assert ligne(section(html, "medecin-generaliste"), "G (recodé)")[:3] == [
        "30,00 €",
        "22 décembre 2024",
        "26,50 € (jusqu'au 21 décembre 2024)",
    ]


def test_derniers_changements_ignore_les_valeurs_annoncees(client):
    with mock.patch.object(baremes, "aujourdhui", return_value=datetime.date(2025, 6, 15)):
        assert "Derniers changements le 22 décembre 2024." in chapeau(page(client))


# --- `periodes` on its own ------------------------------------------------------------------------


def tarif(debut, fin, montant, acte="consultation", code="X"):
    return Tarif(
        medecin_id=1,
        acte=acte,
        categorie="opposable",
        parcours="tous",
        age_min=0,
        age_max=None,
        debut=debut,
        fin=fin,
        montant=Decimal(montant),
        code=code,
    )


def test_periodes_une_suite_par_acte_et_un_trou_recommence_la_date():
    d = datetime.date
    lignes_ = [
        tarif(d(2023, 1, 1), d(2023, 12, 31), "25"),
        tarif(d(2023, 1, 1), None, "55", acte="avis-ponctuel"),
        tarif(d(2024, 1, 1), d(2024, 6, 30), "30"),
        # Same amount after a gap: in force again from 1 January 2025, not since 2024.
        tarif(d(2025, 1, 1), None, "30", code="Y"),
    ]
    resultat = {p["ligne"].acte: p for p in series.periodes(lignes_, d(2025, 3, 1))}
    assert resultat["avis-ponctuel"]["precedente"] is None
    assert resultat["avis-ponctuel"]["depuis"] == d(2023, 1, 1)
    assert resultat["consultation"]["depuis"] == d(2025, 1, 1)
    assert resultat["consultation"]["precedente"] is None
    assert series.derniers_changements(lignes_, d(2025, 3, 1)) == d(2025, 1, 1)
    # Contiguous rows with the same amount: one period, the older date.
    lignes_[3].debut = d(2024, 7, 1)
    resultat = {p["ligne"].acte: p for p in series.periodes(lignes_, d(2025, 3, 1))}
    assert resultat["consultation"]["depuis"] == d(2024, 1, 1)
    assert resultat["consultation"]["precedente"].montant == Decimal("25")
    assert series.derniers_changements(lignes_, d(2025, 3, 1)) == d(2024, 1, 1)


# --- Query budget ---------------------------------------------------------------------------------


def test_au_plus_3_requetes_puis_aucune(client, jour):
    client.get("/simulateur/")  # warms the barème, shared by every page
    with CaptureQueriesContext(connection) as capture:
        page(client)
    assert len(capture) <= 3, [q["sql"][:80] for q in capture.captured_queries]
    with CaptureQueriesContext(connection) as capture:
        page(client)
    assert len(capture) == 0
