"""The calculation rules, on the barème of fixtures/, without any database.

Named cases first: every worked example of the reference (§8), named after its source, then one
table per rule and each tariff boundary on the day before and the day itself. Then properties
over the whole input space (hypothesis).
"""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulateur import calcul
from simulateur.tests.bareme_pur import bareme

D = Decimal


def simuler(date="2026-11-22", **champs):
    champs.setdefault("medecin", "generaliste")
    champs.setdefault("secteur", "1")
    champs.setdefault("age", 40)
    b = bareme(date)
    if "honoraires" not in champs:
        champs["honoraires"] = b.tarif(champs["medecin"], "opposable", "dans", champs["age"]).montant
    champs["honoraires"] = D(str(champs["honoraires"]))
    for nom in ("mutuelle", "mutuelle_non_optam"):
        if nom in champs:
            champs[nom] = D(str(champs[nom]))
    return calcul.simuler(calcul.Situation(**champs), b)


def montants(r):
    return {
        "base": str(r.base_remboursement),
        "amo_brut": str(r.amo_brut),
        "pf": str(r.participation_forfaitaire),
        "amo": str(r.amo_net),
        "amc": str(r.complementaire),
        "reste": str(r.reste_a_charge),
    }


# --- Worked examples of the reference (§8) -------------------------------------------------------

EXEMPLES = [
    pytest.param(
        {"date": "2025-01-15", "honoraires": "30", "mutuelle": 100},
        {"base": "30.00", "amo_brut": "21.00", "pf": "2.00", "amo": "19.00", "amc": "9.00", "reste": "2.00"},
        id="E1-service-public-F17042-generaliste-30",
    ),
    pytest.param(
        {"date": "2025-01-15", "secteur": "2-optam", "honoraires": "35"},
        {"base": "30.00", "amo_brut": "21.00", "pf": "2.00", "amo": "19.00", "amc": "0.00", "reste": "16.00"},
        id="E2-service-public-F17042-optam-35",
    ),
    pytest.param(
        {"date": "2025-01-15", "honoraires": "30", "parcours": False},
        {"base": "30.00", "amo_brut": "9.00", "pf": "2.00", "amo": "7.00", "amc": "0.00", "reste": "23.00"},
        id="E3-service-public-F165-hors-parcours",
    ),
    pytest.param(
        {"date": "2024-06-01", "honoraires": "26.50"},
        {"base": "26.50", "amo_brut": "18.55", "pf": "2.00", "amo": "16.55", "amc": "0.00", "reste": "9.95"},
        id="E4-service-public-F17042-ancien-26-50-pf-2",
    ),
    pytest.param(
        {"date": "2024-05-14", "honoraires": "26.50"},
        {"base": "26.50", "amo_brut": "18.55", "pf": "1.00", "amo": "17.55", "amc": "0.00", "reste": "8.95"},
        id="E4-le-parisien-26-50-pf-1-avant-15-mai-2024",
    ),
    pytest.param(
        {"date": "2023-06-01", "medecin": "autre-specialiste", "secteur": "2-optam", "honoraires": "45"},
        {"base": "30.00", "amo_brut": "21.00", "pf": "1.00", "amo": "20.00", "amc": "0.00", "reste": "25.00"},
        id="E6-snds-specialiste-optam-45-pf-1",
    ),
    pytest.param(
        {"date": "2025-03-01", "medecin": "autre-specialiste", "secteur": "2-optam", "mutuelle": 100},
        {"base": "31.50", "amo_brut": "22.05", "pf": "2.00", "amo": "20.05", "amc": "9.45", "reste": "2.00"},
        id="E7-mnt-specialiste-31-50-mutuelle",
    ),
    # Derived cases: computed from the rules, not published (reference §8).
    pytest.param(
        {"honoraires": "30", "ald": True},
        {"base": "30.00", "amo_brut": "30.00", "pf": "2.00", "amo": "28.00", "amc": "0.00", "reste": "2.00"},
        id="derive-ald-generaliste",
    ),
    pytest.param(
        {"honoraires": "30", "css": True},
        {"base": "30.00", "amo_brut": "21.00", "pf": "0.00", "amo": "21.00", "amc": "9.00", "reste": "0.00"},
        id="derive-css-generaliste",
    ),
    pytest.param(
        {"medecin": "psychiatre", "honoraires": "57"},
        {"base": "57.00", "amo_brut": "39.90", "pf": "2.00", "amo": "37.90", "amc": "0.00", "reste": "19.10"},
        id="derive-psychiatre-57",
    ),
    pytest.param(
        {"secteur": "3", "honoraires": "50"},
        {"base": "0.61", "amo_brut": "0.43", "pf": "0.43", "amo": "0.00", "amc": "0.00", "reste": "50.00"},
        id="derive-secteur-3-generaliste",
    ),
    pytest.param(
        # « A contrat responsable paying 200 % » on its non-OPTAM line: possible only when its
        # OPTAM garantie is at least 220 % (R871-2 2°), hence 300 % here.
        {"secteur": "2", "honoraires": "50", "mutuelle": 300, "mutuelle_non_optam": 200},
        {"base": "23.00", "amo_brut": "16.10", "pf": "2.00", "amo": "14.10", "amc": "29.90", "reste": "6.00"},
        id="derive-secteur-2-generaliste-50-garantie-200",
    ),
]


@pytest.mark.parametrize(("situation", "attendu"), EXEMPLES)
def test_exemples_de_la_reference(situation, attendu):
    assert montants(simuler(**situation)) == attendu


# --- Tariff boundaries: the day before and the day itself ---------------------------------------

FRONTIERES = [
    ("generaliste", 40, "2023-10-31", "25.00"),
    ("generaliste", 40, "2023-11-01", "26.50"),
    ("generaliste", 40, "2024-12-21", "26.50"),
    ("generaliste", 40, "2024-12-22", "30.00"),
    ("generaliste", 3, "2024-12-21", "31.50"),
    ("generaliste", 3, "2024-12-22", "35.00"),
    ("autre-specialiste", 40, "2023-10-31", "30.00"),
    ("autre-specialiste", 40, "2023-11-01", "31.50"),
    ("gynecologue", 40, "2024-12-21", "33.50"),
    ("gynecologue", 40, "2024-12-22", "37.00"),
    ("gynecologue", 40, "2025-12-31", "37.00"),
    ("gynecologue", 40, "2026-01-01", "40.00"),
    ("psychiatre", 40, "2024-12-21", "51.70"),
    ("psychiatre", 40, "2024-12-22", "55.00"),
    ("psychiatre", 40, "2025-12-31", "55.00"),
    ("psychiatre", 40, "2026-01-01", "57.00"),
    ("pediatre", 1, "2025-12-31", "39.00"),
    ("pediatre", 1, "2026-01-01", "40.00"),
    ("geriatre", 80, "2025-12-31", "37.00"),
    ("geriatre", 80, "2026-01-01", "42.00"),
]


@pytest.mark.parametrize(("medecin", "age", "date", "tarif"), FRONTIERES)
def test_tarif_aux_frontieres(medecin, age, date, tarif):
    assert simuler(date=date, medecin=medecin, age=age).base_remboursement == D(tarif)


@pytest.mark.parametrize(
    ("date", "pf"),
    [("2024-05-14", "1.00"), ("2024-05-15", "2.00"), ("2023-01-01", "1.00"), ("2026-11-22", "2.00")],
)
def test_participation_forfaitaire_par_date(date, pf):
    assert simuler(date=date).participation_forfaitaire == D(pf)


# --- Tariffs by age ---------------------------------------------------------------------------------

AGES = [
    ("generaliste", 5, "35.00"),
    ("generaliste", 6, "30.00"),
    ("pediatre", 1, "40.00"),
    ("pediatre", 2, "35.00"),
    ("pediatre", 5, "35.00"),
    ("pediatre", 6, "31.50"),
    ("psychiatre", 24, "75.00"),
    ("psychiatre", 25, "57.00"),
]


@pytest.mark.parametrize(("medecin", "age", "tarif"), AGES)
def test_tarifs_selon_l_age(medecin, age, tarif):
    assert simuler(medecin=medecin, age=age).base_remboursement == D(tarif)


@pytest.mark.parametrize(("age", "tarif"), [(15, "54.70"), (16, "51.70")])
def test_majoration_psychiatrie_avant_2025_jusqu_a_16_ans(age, tarif):
    assert simuler(date="2024-06-01", medecin="psychiatre", age=age).base_remboursement == D(tarif)


# --- Parcours de soins ------------------------------------------------------------------------------

PARCOURS = [
    pytest.param({"age": 15}, "70.00", False, id="moins-de-16-ans-jamais-penalise"),
    pytest.param({"age": 16}, "30.00", True, id="16-ans-penalise"),
    pytest.param({"medecin": "gynecologue"}, "70.00", False, id="gynecologue-acces-direct"),
    pytest.param({"medecin": "ophtalmologue"}, "70.00", False, id="ophtalmologue-acces-direct"),
    pytest.param({"medecin": "psychiatre", "age": 20}, "70.00", False, id="psychiatre-acces-direct-16-25"),
    pytest.param({"medecin": "psychiatre", "age": 26}, "30.00", True, id="psychiatre-26-ans-penalise"),
    pytest.param({"ald": True}, "60.00", True, id="ald-hors-parcours-60"),
    pytest.param({"regime": "alsace-moselle"}, "50.00", True, id="alsace-moselle-hors-parcours-50"),
    pytest.param({"maternite": True}, "60.00", True, id="maternite-hors-parcours-60"),
]


@pytest.mark.parametrize(("situation", "taux", "penalise"), PARCOURS)
def test_hors_parcours(situation, taux, penalise):
    r = simuler(parcours=False, **situation)
    assert (r.taux, r.hors_parcours) == (D(taux), penalise)
    assert (r.avertissement("hors-parcours") is not None) == penalise


def test_specialiste_hors_parcours_sans_mcs_et_da_signale():
    r = simuler(medecin="autre-specialiste", parcours=False)
    assert r.base_remboursement == D("26.50")
    assert r.amo_brut == D("7.95")
    assert r.avertissement("depassement-autorise") is not None


def test_alsace_moselle_hors_parcours_signale_comme_estimation():
    assert simuler(regime="alsace-moselle", parcours=False).avertissement("alsace-moselle-hors-parcours")


# --- Rates and participation ------------------------------------------------------------------------

SITUATIONS = [
    pytest.param({"regime": "alsace-moselle"}, "90.00", "2.00", "25.00", id="alsace-moselle-90"),
    pytest.param({"maternite": True}, "100.00", "0.00", "30.00", id="maternite-100-sans-pf"),
    pytest.param({"ald": True}, "100.00", "2.00", "28.00", id="ald-100-pf-due"),
    pytest.param({"css": True}, "70.00", "0.00", "21.00", id="css-sans-pf"),
    pytest.param({"age": 17}, "70.00", "0.00", "21.00", id="moins-de-18-ans-sans-pf"),
    pytest.param({"age": 18}, "70.00", "2.00", "19.00", id="18-ans-pf-due"),
    pytest.param(
        {"ald": True, "regime": "alsace-moselle"}, "100.00", "2.00", "28.00", id="le-plus-favorable"
    ),
]


@pytest.mark.parametrize(("situation", "taux", "pf", "amo"), SITUATIONS)
def test_taux_et_participation(situation, taux, pf, amo):
    r = simuler(honoraires="30", **situation)
    assert (r.taux, r.participation_forfaitaire, r.amo_net) == (D(taux), D(pf), D(amo))


def test_participation_plus_grande_que_le_remboursement_reportee():
    r = simuler(secteur="3", honoraires="40", medecin="cardiologue")
    assert (r.amo_brut, r.participation_forfaitaire, r.amo_net) == (D("0.85"), D("0.85"), D("0.00"))
    assert r.avertissement("participation-reportee").valeurs["reste"] == D("1.15")


# --- Sectors ----------------------------------------------------------------------------------------

SECTEURS = [
    pytest.param({"secteur": "2", "honoraires": "30"}, "30.00", id="secteur-2-au-tarif-opposable"),
    pytest.param({"secteur": "2", "honoraires": "30.01"}, "23.00", id="secteur-2-avec-depassement"),
    pytest.param({"secteur": "2", "honoraires": "20"}, "20.00", id="honoraires-sous-le-tarif"),
    pytest.param(
        {"secteur": "2", "medecin": "psychiatre", "honoraires": "80"}, "42.50", id="secteur-2-psychiatre"
    ),
    pytest.param(
        {"secteur": "2", "medecin": "cardiologue", "honoraires": "80"}, "47.73", id="secteur-2-cardiologue"
    ),
    pytest.param(
        {"secteur": "2", "medecin": "dermatologue", "honoraires": "60"}, "23.00", id="secteur-2-specialiste"
    ),
    pytest.param({"secteur": "2-optam", "medecin": "dermatologue", "honoraires": "60"}, "31.50", id="optam"),
    pytest.param(
        {"secteur": "3", "medecin": "dermatologue", "honoraires": "60"}, "1.22", id="secteur-3-specialiste"
    ),
    pytest.param({"secteur": "1", "honoraires": "0"}, "0.00", id="consultation-gratuite"),
]


@pytest.mark.parametrize(("situation", "base"), SECTEURS)
def test_base_selon_le_secteur(situation, base):
    assert simuler(**situation).base_remboursement == D(base)


def test_css_interdit_le_depassement_d_un_secteur_2():
    r = simuler(secteur="2", honoraires="50", css=True)
    assert r.base_remboursement == D("30.00")
    assert r.avertissement("css-depassement-interdit").valeurs["tarif"] == D("30.00")
    assert r.complementaire == D("9.00")


def test_le_resultat_dit_ce_qu_il_ne_prend_pas_en_compte():
    r = simuler()
    assert r.avertissement("estimation") and r.avertissement("hors-champ")
    assert "actes techniques" in r.avertissement("hors-champ").texte
    assert "téléconsultation" not in r.avertissement("hors-champ").texte  # computed since round 2


def test_information_ecrite_au_dela_du_seuil():
    assert simuler(secteur="2", honoraires="70").avertissement("information-ecrite")
    assert not simuler(secteur="2", honoraires="69.99").avertissement("information-ecrite")


# --- Complémentaire santé and contrat responsable ---------------------------------------------------

COMPLEMENTAIRE = [
    pytest.param({"mutuelle": 200}, "25.30", id="responsable-hors-optam-200-plafonne-a-180"),
    pytest.param({"mutuelle": 200, "responsable": False}, "29.90", id="non-responsable-200"),
    pytest.param({"mutuelle": 200, "mutuelle_non_optam": 150}, "18.40", id="ligne-non-optam-150"),
    pytest.param({"mutuelle": 200, "mutuelle_non_optam": 250}, "25.30", id="ligne-non-optam-plafonnee"),
    pytest.param({"mutuelle": 400}, "29.90", id="responsable-plafond-200"),
    pytest.param({"mutuelle": 100}, "6.90", id="ticket-moderateur-toujours-couvert"),
    pytest.param({"mutuelle": 110}, "6.90", id="110-ne-couvre-pas-le-depassement-hors-optam"),
]


@pytest.mark.parametrize(("situation", "amc"), COMPLEMENTAIRE)
def test_complementaire_medecin_hors_optam(situation, amc):
    assert simuler(medecin="dermatologue", secteur="2", honoraires="60", **situation).complementaire == D(amc)


def test_pas_d_alerte_de_plafond_quand_la_ligne_du_contrat_s_applique_entiere():
    r = simuler(secteur="2", honoraires="50", mutuelle=300, mutuelle_non_optam=200)
    assert r.avertissement("plafond-contrat-responsable") is None
    plafonne = simuler(secteur="2", honoraires="50", mutuelle=200)
    assert plafonne.avertissement("plafond-contrat-responsable").valeurs["garantie"].valeur == D("180")


def test_age_de_la_participation_est_un_nombre_pas_un_montant():
    etape = next(e for e in simuler().etapes if e.libelle == "Participation forfaitaire retenue")
    assert etape.valeurs == {"age": 18}


def test_optam_sans_plafond_responsable():
    # 200 % of 31,50 € covers the whole 60 € fee: the complémentaire pays all but AMO and PF.
    r = simuler(medecin="dermatologue", secteur="2-optam", honoraires="60", mutuelle=200)
    assert (r.complementaire, r.reste_a_charge) == (D("60.00") - D("22.05"), D("2.00"))


@pytest.mark.parametrize(("responsable", "amc"), [(True, "9.00"), (False, "21.00")])
def test_hors_parcours_la_majoration_n_est_pas_couverte_par_un_contrat_responsable(responsable, amc):
    r = simuler(parcours=False, mutuelle=100, responsable=responsable)
    assert r.complementaire == D(amc)


def test_la_complementaire_ne_paie_jamais_la_participation():
    r = simuler(mutuelle=500)
    assert r.reste_a_charge == r.participation_forfaitaire == D("2.00")


def test_etapes_expliquent_dans_l_ordre():
    r = simuler(honoraires="35", secteur="2-optam", mutuelle=100)
    libelles = [e.libelle for e in r.etapes]
    assert libelles[:2] == ["Tarif de la consultation", "Base de remboursement"]
    assert libelles[-1] == "Reste à votre charge"
    assert r.etapes[0].source.startswith("https://")


@pytest.mark.parametrize(
    ("date", "plus_ancien"), [("2023-06-01", True), ("2024-01-15", False), ("2026-11-22", False)]
)
def test_un_tarif_du_premier_jour_du_bareme_n_est_pas_date_de_ce_jour(date, plus_ancien):
    explication = simuler(date=date).etapes[0].explication
    assert ("sans doute avant" in explication) == plus_ancien


def test_arrondi_au_centime_le_plus_proche():
    assert calcul.arrondi(D("0.427")) == D("0.43")
    assert calcul.arrondi(D("33.411")) == D("33.41")
    assert calcul.arrondi(D("0.125")) == D("0.13")


def test_un_trou_dans_le_bareme_est_une_erreur_claire():
    b = bareme("2026-11-22")
    sans_tarifs = replace(b, tarifs=())
    with pytest.raises(calcul.TarifInconnu):
        calcul.simuler(calcul.Situation("generaliste", "1", D("30"), 40), sans_tarifs)


# --- Properties over the whole input space -----------------------------------------------------------

DATES = st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2027, 12, 31))
MONTANTS = st.decimals(min_value=0, max_value=D("9999.99"), places=2, allow_nan=False, allow_infinity=False)
GARANTIES = st.one_of(st.just(D(0)), st.decimals(min_value=100, max_value=1000, places=2))


@st.composite
def situations(draw):
    return calcul.Situation(
        medecin=draw(st.sampled_from(sorted(bareme("2026-01-01").medecins))),
        secteur=draw(st.sampled_from(["1", "2-optam", "2", "3"])),
        honoraires=draw(MONTANTS),
        age=draw(st.integers(0, 120)),
        parcours=draw(st.booleans()),
        regime=draw(st.sampled_from(["general", "alsace-moselle"])),
        ald=draw(st.booleans()),
        maternite=draw(st.booleans()),
        css=draw(st.booleans()),
        mutuelle=draw(GARANTIES),
        mutuelle_non_optam=draw(st.one_of(st.none(), GARANTIES)),
        responsable=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None)
@given(situation=situations(), date=DATES)
def test_proprietes(situation, date):
    r = calcul.simuler(situation, bareme(date))
    tous = [
        r.base_remboursement,
        r.amo_brut,
        r.participation_forfaitaire,
        r.amo_net,
        r.complementaire,
        r.reste_a_charge,
        r.depassement,
    ]
    assert all(m >= 0 for m in tous)
    assert all(m == m.quantize(calcul.CENTIME) for m in tous)
    assert r.amo_net + r.complementaire + r.reste_a_charge == situation.honoraires
    assert r.amo_net <= situation.honoraires
    assert r.base_remboursement <= situation.honoraires
    assert r.reste_a_charge >= r.participation_forfaitaire
    assert r.amo_brut == r.amo_net + r.participation_forfaitaire


@settings(max_examples=120, deadline=None)
@given(situation=situations(), date=DATES)
def test_un_contrat_responsable_ne_paie_jamais_plus(situation, date):
    b = bareme(date)
    responsable = calcul.simuler(replace(situation, responsable=True), b)
    libre = calcul.simuler(replace(situation, responsable=False), b)
    assert responsable.complementaire <= libre.complementaire


@settings(max_examples=100, deadline=None)
@given(situation=situations(), date=DATES)
def test_plus_de_garantie_ne_rembourse_jamais_moins(situation, date):
    b = bareme(date)
    moins = calcul.simuler(situation, b)
    plus = calcul.simuler(
        replace(situation, mutuelle=situation.mutuelle + 50 if situation.mutuelle else D(100)), b
    )
    assert plus.complementaire >= moins.complementaire
