import datetime
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from simulateur import baremes
from simulateur.models import Acte, Majoration, Medecin, Parametre, Tarif

pytestmark = pytest.mark.django_db

D = Decimal


def test_bareme_du_jour_en_six_requetes_puis_zero(django_assert_num_queries):
    jour = datetime.date(2026, 3, 1)
    # The known range and the announced tariffs (read together), the tariffs with their doctors,
    # the parameters, the acts, the majorations.
    with django_assert_num_queries(6):
        bareme = baremes.bareme_du(jour)
    with django_assert_num_queries(0):
        assert baremes.bareme_du(jour) is bareme
    assert bareme.tarif("generaliste", "opposable", "dans", 40).montant == D("30.00")


def test_enregistrer_une_ligne_vide_le_cache():
    jour = datetime.date(2026, 3, 1)
    assert baremes.bareme_du(jour).parametre("participation-forfaitaire") == D("2.00")
    ligne = Parametre.objects.get(code="participation-forfaitaire", fin__isnull=True)
    ligne.valeur = D("3.00")
    ligne.save()
    assert baremes.bareme_du(jour).parametre("participation-forfaitaire") == D("3.00")


def test_version_reportee_une_seule_nouvelle_version_et_le_bareme_a_jour(django_capture_on_commit_callbacks):
    """The loader's block: one new version at its end, not one per row; inside it, a content row
    keeps this process's barème, a barème row drops it at once."""
    from secteurs.models import Question

    jour = datetime.date(2026, 3, 1)
    avant = baremes.version()
    with django_capture_on_commit_callbacks(execute=True), baremes.version_reportee():
        bareme = baremes.bareme_du(jour)
        question = Question.objects.first()
        question.save()
        assert baremes.version() == avant
        assert baremes.bareme_du(jour) is bareme  # a question changes no figure
        ligne = Parametre.objects.get(code="participation-forfaitaire", fin__isnull=True)
        ligne.valeur = D("3.00")
        ligne.save()
        assert baremes.bareme_du(jour).parametre("participation-forfaitaire") == D("3.00")
        assert baremes.version() == avant
    assert baremes.version() != avant


def test_version_reportee_sans_changement_garde_la_version():
    avant = baremes.version()
    with baremes.version_reportee():
        baremes.bareme_du(datetime.date(2026, 3, 1))
    assert baremes.version() == avant


def test_date_hors_plage():
    with pytest.raises(baremes.HorsPlage) as erreur:
        baremes.bareme_du(datetime.date(2022, 12, 31))
    assert erreur.value.premier_jour == datetime.date(2023, 1, 1)
    assert erreur.value.dernier_jour.year == baremes.aujourdhui().year + 1


def nouvelle_ligne(**champs):
    valeurs = {
        "medecin": Medecin.objects.get(slug="generaliste"),
        "categorie": "opposable",
        "parcours": "tous",
        "age_min": 6,
        "age_max": None,
        "montant": D("31.00"),
        "code": "G",
        "debut": datetime.date(2027, 1, 1),
        "source_url": "https://www.ameli.fr/",
    }
    valeurs.update(champs)
    return Tarif(**valeurs)


def test_chevauchement_refuse():
    with pytest.raises(ValidationError, match="chevauche"):
        nouvelle_ligne().full_clean()


def test_nouvelle_ligne_apres_fin_de_l_ancienne_acceptee():
    ancienne = Tarif.objects.get(
        medecin__slug="generaliste", acte="consultation", categorie="opposable", age_min=6, fin__isnull=True
    )
    ancienne.fin = datetime.date(2026, 12, 31)
    ancienne.full_clean()
    ancienne.save()
    nouvelle = nouvelle_ligne()
    nouvelle.full_clean()
    nouvelle.save()
    assert baremes.bareme_du(datetime.date(2027, 1, 1)).tarif(
        "generaliste", "opposable", "dans", 40
    ).montant == D("31")
    assert baremes.bareme_du(datetime.date(2026, 12, 31)).tarif(
        "generaliste", "opposable", "dans", 40
    ).montant == D("30")


def test_tranches_d_age_distinctes_ne_se_chevauchent_pas():
    Tarif.objects.filter(medecin__slug="generaliste", age_min=0).update(fin=datetime.date(2026, 12, 31))
    nouvelle_ligne(age_min=0, age_max=6, montant=D("36")).full_clean()


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"montant": D("-1")}, "supérieure ou égale à 0"),
        ({"fin": datetime.date(2026, 12, 1)}, "ne peut pas précéder"),
        ({"age_min": 10, "age_max": 5}, "supérieur à l'âge de début"),
        ({"source_url": "pas une adresse"}, "URL valide"),
    ],
)
def test_valeurs_impossibles_refusees(champs, message):
    with pytest.raises(ValidationError, match=message):
        nouvelle_ligne(debut=datetime.date(2030, 1, 1), **champs).full_clean()


def test_taux_au_dela_de_100_refuse():
    ligne = Parametre(
        code="taux-amo",
        valeur=D("120"),
        unite="pourcent",
        debut=datetime.date(2030, 1, 1),
        source_url="https://www.legifrance.gouv.fr/",
    )
    with pytest.raises(ValidationError, match="entre 0 et 100"):
        ligne.full_clean()


def test_historique_de_chaque_modification():
    ligne = Parametre.objects.get(code="participation-forfaitaire", fin__isnull=True)
    ligne.valeur = D("3.00")
    ligne._change_reason = "essai"
    ligne.save()
    historique = ligne.history.order_by("history_date")
    assert [h.history_type for h in historique] == ["+", "~"]
    assert historique.first().history_change_reason == "chargé depuis les fixtures"
    # Restore the earlier version.
    historique.first().instance.save()
    assert Parametre.objects.get(pk=ligne.pk).valeur == D("2.00")


def test_le_chargement_n_ecrase_jamais_une_modification():
    ligne = Tarif.objects.get(
        medecin__slug="generaliste", acte="consultation", categorie="opposable", age_min=6, fin__isnull=True
    )
    ligne.montant = D("99.00")
    ligne.save()
    Tarif.objects.filter(medecin__slug="pediatre").delete()
    sortie = io.StringIO()
    call_command("charger_contenu", stdout=sortie)
    ligne.refresh_from_db()
    assert ligne.montant == D("99.00")
    # Rows an editor deleted are not brought back either (issue 11).
    assert Tarif.objects.filter(medecin__slug="pediatre").count() == 0
    nombre = Tarif.objects.count()
    call_command("charger_contenu", stdout=io.StringIO())
    assert Tarif.objects.count() == nombre


def test_les_fixtures_se_chargent_dans_une_base_vide():
    from secteurs.models import ChargementInitial

    # A new database: no row, no register of loaded keys, no history (the loader would read a
    # history of deletions as an editor's, and not bring those rows back).
    for modele in (Tarif, Parametre, Majoration, Acte, Medecin, ChargementInitial):
        modele.objects.all().delete()
        if hasattr(modele, "history"):
            modele.history.all().delete()
    call_command("charger_contenu", stdout=io.StringIO())
    assert Tarif.objects.count() == len(
        json.loads((settings.BASE_DIR / "fixtures/simulateur.tarif.json").read_text())
    )
    assert Medecin.objects.count() == 10
    assert Acte.objects.count() == 6 and Majoration.objects.count() == 8
    assert Parametre.objects.exclude(source_url__startswith="http").count() == 0


def test_chaque_medecin_a_un_tarif_chaque_jour_depuis_2023():
    """No gap: every doctor, sector, age and parcours has a tariff on every boundary day."""
    from simulateur import calcul

    for jour in [
        "2023-01-01",
        "2023-10-31",
        "2023-11-01",
        "2024-05-15",
        "2024-12-21",
        "2024-12-22",
        "2025-12-31",
        "2026-01-01",
        "2027-12-31",
    ]:
        bareme = baremes.bareme_du(datetime.date.fromisoformat(jour))
        for medecin in bareme.medecins:
            for age in (0, 1, 2, 5, 6, 15, 16, 24, 25, 40, 120):
                for secteur in ("1", "2", "3"):
                    for parcours in (True, False):
                        calcul.simuler(
                            calcul.Situation(medecin, secteur, D("100"), age, parcours=parcours), bareme
                        )
