"""The public contract (DESIGN §3): each field's parsing and French messages, and the one door.

One table: a raw string for a field, and what the contract makes of it (a value, or the start of
its French message). Then: the form, a marker and the `simuler` command read the same strings
into the same situation, and a field of the contract reaches every one of them.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from secteurs import marqueurs
from simulateur import affichage, baremes, calcul, contrat
from simulateur.forms import Formulaire
from simulateur.management.commands.simuler import Command

pytestmark = pytest.mark.django_db

D = Decimal
REFUS = object()

CAS = [
    ("date", "2025-01-15", datetime.date(2025, 1, 15)),
    ("date", "15/01/2025", datetime.date(2025, 1, 15)),
    ("date", "31/02/2025", (REFUS, "Indiquez une date réelle, au format JJ/MM/AAAA.")),
    ("date", "2025-1-5", (REFUS, "Indiquez une date réelle")),
    ("date", "2022-12-31", (REFUS, "Les tarifs sont connus du 1er janvier 2023 au")),
    ("date", "9" * 500, (REFUS, "Indiquez une date réelle")),
    ("medecin", "psychiatre", "psychiatre"),
    ("medecin", "sorcier", (REFUS, "Choisissez un type de médecin de la liste.")),
    ("secteur", "2-optam", "2-optam"),
    ("secteur", "4", (REFUS, "Choisissez un des secteurs proposés.")),
    ("honoraires", "30", D("30.00")),
    ("honoraires", "30,5", D("30.50")),
    ("honoraires", "30.50", D("30.50")),
    ("honoraires", "1 234,50", D("1234.50")),
    ("honoraires", "-0", D("0.00")),
    ("honoraires", "30,500", D("30.50")),
    ("honoraires", "-1", (REFUS, "Le montant ne peut pas être négatif.")),
    ("honoraires", "30,555", (REFUS, "Indiquez au plus deux chiffres après la virgule")),
    ("honoraires", "10000", (REFUS, "Indiquez un montant inférieur à 10 000 €.")),
    ("honoraires", "NaN", (REFUS, "Indiquez un montant en euros, par exemple 30 ou 30,50.")),
    ("honoraires", "Infinity", (REFUS, "Indiquez un montant en euros")),
    ("honoraires", "1e3", (REFUS, "Indiquez un montant en euros")),
    ("honoraires", "1e500000", (REFUS, "Indiquez un montant en euros")),
    ("honoraires", "３０", (REFUS, "Indiquez un montant en euros")),
    ("honoraires", "0x1E", (REFUS, "Indiquez un montant en euros")),
    ("age", "40", 40),
    ("age", "0", 0),
    ("age", "120", 120),
    ("age", "121", (REFUS, "Indiquez un âge de 120 ans au plus.")),
    ("age", "-1", (REFUS, "L'âge ne peut pas être négatif.")),
    ("age", "4.5", (REFUS, "Indiquez l'âge en années, avec des chiffres")),
    ("age", "NaN", (REFUS, "Indiquez l'âge en années")),
    ("age", "1e999999", (REFUS, "Indiquez l'âge en années")),
    ("parcours", "non", False),
    ("parcours", "oui", True),
    ("parcours", "peut-etre", (REFUS, "Répondez oui ou non.")),
    ("regime", "alsace-moselle", "alsace-moselle"),
    ("regime", "suisse", (REFUS, "Choisissez le régime général ou celui d'Alsace-Moselle.")),
    ("ald", "oui", True),
    ("ald", "non", False),
    ("ald", "on", True),
    ("ald", "peut-etre", (REFUS, "Cochez la case, ou laissez-la vide.")),
    ("maternite", "oui", True),
    ("css", "non", False),
    ("mutuelle", "150", D("150.00")),
    ("mutuelle", "0", D("0.00")),
    ("mutuelle", "50", (REFUS, "Une garantie « Sécurité sociale incluse » vaut au moins 100 %")),
    ("mutuelle", "beaucoup", (REFUS, "Indiquez un pourcentage, par exemple 100, 150 ou 200.")),
    ("mutuelle", "1001", (REFUS, "Indiquez un pourcentage de 1 000 au plus.")),
    ("mutuelle_non_optam", "125", D("125.00")),
    ("responsable", "non", False),
    ("responsable", "x", (REFUS, "Répondez oui ou non.")),
    ("secteur", "1-dp", "1-dp"),
    ("acte", "consultation", "consultation"),
    ("acte", "chirurgie", (REFUS, "Choisissez un type de consultation de la liste.")),
    ("acte", "consultation-longue", (REFUS, "Cet acte n'a pas de tarif dans notre barème pour ce médecin")),
    ("lieu", "teleconsultation", "teleconsultation"),
    ("lieu", "domicile", "domicile"),
    ("lieu", "lune", (REFUS, "Choisissez le cabinet, la téléconsultation ou le domicile.")),
    ("horaire", "dimanche", "dimanche"),
    ("horaire", "midi", (REFUS, "Choisissez un des moments proposés.")),
    ("regulee", "oui", True),
    ("visite_justifiee", "oui", True),
    ("participations_annee", "12,50", D("12.50")),
    ("participations_annee", "-3", (REFUS, "Le montant ne peut pas être négatif.")),
]


@pytest.mark.parametrize(("nom", "brut", "attendu"), CAS, ids=[f"{n}={b[:12]}" for n, b, _ in CAS])
def test_chaque_champ_lu_ou_refuse_en_francais(nom, brut, attendu):
    lecture = contrat.lire({"age": "40", nom: brut})
    if isinstance(attendu, tuple) and attendu[0] is REFUS:
        assert lecture.erreurs[nom][0].startswith(attendu[1]), lecture.erreurs
        assert lecture.situation is None
    else:
        assert lecture.erreurs == {}
        assert lecture.valeurs[nom] == attendu


def test_valeurs_par_defaut_du_contrat():
    lecture = contrat.lire({"age": "40"})
    assert lecture.valeurs == {
        "date": baremes.aujourdhui(),
        "medecin": "generaliste",
        "secteur": "1",
        "honoraires": None,
        "age": 40,
        "parcours": True,
        "regime": "general",
        "ald": False,
        "maternite": False,
        "css": False,
        "mutuelle": calcul.ZERO,
        "mutuelle_non_optam": None,
        "responsable": True,
        "acte": "consultation",
        "lieu": "cabinet",
        "visite_justifiee": False,
        "horaire": "jour",
        "regulee": False,
        "participations_annee": calcul.ZERO,
    }
    # No fees given: the doctor's tariff in this situation is proposed, and used.
    assert lecture.situation.honoraires == lecture.honoraires_proposes
    assert not lecture.honoraires_donnes


def test_l_age_manque_et_plusieurs_valeurs():
    assert contrat.lire({}).erreurs == {"age": ["Indiquez l'âge du patient, en années (0 pour un bébé)."]}
    # A field sent twice: the last value counts, as in Django's QueryDict.get().
    assert contrat.lire({"age": ["30", "41"]}).valeurs["age"] == 41


def test_une_reponse_tres_longue_est_refusee_sans_etre_lue():
    lecture = contrat.lire({"age": "4" * 1_000_000, "honoraires": "9" * 1_000_000})
    assert set(lecture.erreurs) == {"age", "honoraires"}


PARITE = [
    {"medecin": "psychiatre", "secteur": "2", "honoraires": "80", "age": "30", "mutuelle": "200"},
    {"medecin": "autre-specialiste", "secteur": "1", "age": "45", "parcours": "non"},
    {
        "medecin": "generaliste",
        "secteur": "2-optam",
        "honoraires": "35",
        "age": "70",
        "ald": "oui",
        "css": "non",
    },
    {"medecin": "pediatre", "age": "1", "regime": "alsace-moselle", "responsable": "non", "mutuelle": "150"},
]


@pytest.mark.parametrize("champs", PARITE)
def test_formulaire_marqueur_et_commande_lisent_la_meme_situation(champs, monkeypatch):
    vues = []
    vrai_simuler = calcul.simuler

    def espion(situation, bareme):
        vues.append(situation)
        return vrai_simuler(situation, bareme)

    monkeypatch.setattr(calcul, "simuler", espion)
    date = baremes.aujourdhui().isoformat()

    Formulaire({**champs, "date": date})
    bareme = baremes.bareme_du(baremes.aujourdhui())
    marqueurs.valeur(
        *marqueurs.analyser("montant quoi=reste " + " ".join(f"{k}={v}" for k, v in champs.items())), bareme
    )
    options = []
    for nom, valeur in champs.items():
        if nom in ("ald", "maternite", "css", "visite_justifiee", "regulee"):
            options += [f"--{nom}"] if valeur == "oui" else []
        elif (nom, valeur) == ("parcours", "non"):
            options.append("--hors-parcours")
        elif (nom, valeur) == ("responsable", "non"):
            options.append("--non-responsable")
        else:
            options += [f"--{nom.replace('_', '-')}", valeur]
    sortie = io.StringIO()
    call_command("simuler", *options, stdout=sortie)

    assert len(vues) == 3
    assert vues[0] == vues[1] == vues[2]
    # The command prints the words of the page, without any HTML to strip.
    resultat = vrai_simuler(vues[0], bareme)
    for etape in resultat.etapes:
        if etape.explication:
            assert affichage.texte(etape) in sortie.getvalue()
    assert "<" not in sortie.getvalue() and "&#" not in sortie.getvalue()


def test_un_champ_du_contrat_atteint_le_formulaire_les_marqueurs_et_la_commande(client):
    page = client.get("/simulateur/").content.decode()
    options = {action.dest for action in Command().create_parser("manage.py", "simuler")._actions}
    drapeaux = {"parcours": "hors_parcours", "responsable": "non_responsable"}
    for nom in contrat.NOMS:
        assert f'name="{nom}"' in page, nom
        assert nom in options or drapeaux.get(nom) in options, nom
        if nom != "date":
            assert nom in marqueurs.REGISTRE["montant"].simulation, nom


def test_les_secteurs_une_seule_table():
    page_secteurs = {s.page for s in contrat.SECTEURS}
    assert page_secteurs == {"secteur-1", "secteur-2-optam", "secteur-2", "secteur-3"}
    assert [s.valeur for s in contrat.SECTEURS] == ["1", "1-dp", "2-optam", "2", "3"]


def test_un_trou_du_bareme_est_une_erreur_francaise_sans_donnee_du_patient(caplog):
    from simulateur.models import Tarif

    Tarif.objects.filter(medecin__slug="psychiatre", categorie="secteur2").delete()
    lecture, resultat = contrat.calculer(
        {"medecin": "psychiatre", "secteur": "2", "honoraires": "80", "age": "34"}
    )
    assert resultat is None
    assert lecture.erreurs["__all__"][0].startswith("Il manque un tarif ou un paramètre dans notre barème du")
    journal = caplog.text
    assert "Barème incomplet" in journal
    assert "34" not in journal.replace(baremes.aujourdhui().isoformat(), "") and "psychiatre" not in journal


@pytest.mark.parametrize(
    ("champs", "champ", "message"),
    [
        (
            {"acte": "consultation-longue", "age": "85", "parcours": "non", "date": "2026-03-01"},
            "parcours",
            "« Consultation longue du médecin traitant (80 ans ou plus) » se fait à la demande",
        ),
        (
            {"acte": "avis-ponctuel", "medecin": "cardiologue", "lieu": "teleconsultation", "age": "50"},
            "lieu",
            "se calcule au cabinet seulement",
        ),
        ({"lieu": "domicile", "medecin": "cardiologue", "age": "50"}, "lieu", "pas de tarif de visite"),
        ({"lieu": "domicile", "age": "50", "date": "2024-06-01"}, "lieu", "pas de tarif de visite"),
        (
            {"secteur": "1-dp", "honoraires": "50", "age": "50"},
            "__all__",
            "Nous ne savons pas sur quelle base l'Assurance Maladie rembourse un médecin à droit permanent",
        ),
    ],
)
def test_actes_lieux_et_parcours_vont_ensemble(champs, champ, message):
    lecture, resultat = contrat.calculer(champs)
    assert resultat is None
    assert message in lecture.erreurs[champ][0], lecture.erreurs


def test_une_visite_justifiee_ne_compte_qu_a_domicile():
    lecture = contrat.lire({"age": "50", "visite_justifiee": "oui"})
    assert lecture.situation.visite_justifiee is False
