import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_simuler_affiche_le_resultat_et_les_etapes():
    sortie = io.StringIO()
    call_command(
        "simuler",
        "--date",
        "2026-01-15",
        "--age",
        "40",
        "--secteur",
        "2",
        "--honoraires",
        "50",
        "--mutuelle",
        "300",
        "--mutuelle-non-optam",
        "200",
        stdout=sortie,
    )
    texte = sortie.getvalue()
    assert "Consultation du 15/01/2026 — C, 23,00\u00a0€" in texte
    assert "Reste à votre charge" in texte and "6,00\u00a0€" in texte
    assert "à partir de 18 ans" in texte
    assert "&#x27;" not in texte


def test_simuler_hors_parcours_et_situations():
    sortie = io.StringIO()
    call_command("simuler", "--age", "40", "--hors-parcours", "--ald", "--date", "2026-01-15", stdout=sortie)
    assert "Taux appliqué : 60\u00a0%" in sortie.getvalue()


def test_simuler_refuse_une_saisie_invalide_en_francais():
    with pytest.raises(CommandError, match="Les tarifs sont connus du 1er janvier 2023"):
        call_command("simuler", "--age", "40", "--date", "1999-01-01", stdout=io.StringIO())
