import datetime
from decimal import Decimal

import pytest
from django.utils import formats, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from simulateur.affichage import date_fr, euros, nombre, pourcent, valeur_data
from simulateur.calcul import Pourcentage


@pytest.mark.parametrize(
    ("montant", "texte"),
    [
        ("0", "0,00\u00a0€"),
        ("30", "30,00\u00a0€"),
        ("1234.5", "1\u00a0234,50\u00a0€"),
        ("0.005", "0,01\u00a0€"),
        ("-2", "-2,00\u00a0€"),
        ("9999.99", "9\u00a0999,99\u00a0€"),
    ],
)
def test_euros(montant, texte):
    assert euros(Decimal(montant)) == texte


def test_pourcent_nombre_valeur_data_dates():
    assert pourcent(Decimal("70.00")) == "70\u00a0%"
    assert pourcent(Pourcentage(Decimal("17.50"))) == "17,5\u00a0%"
    assert nombre(Decimal("18.00")) == "18"
    assert valeur_data(Decimal("7")) == "7.00"
    assert date_fr(datetime.date(2026, 1, 1)) == "1er janvier 2026"
    assert date_fr(datetime.date(2024, 12, 22)) == "22 décembre 2024"


@given(st.decimals(min_value=-100000, max_value=100000, places=4, allow_nan=False))
@settings(max_examples=500, derandomize=True)
def test_nombres_ecrits_comme_les_ecrit_django_en_francais(valeur):
    """The figures are written by hand (no localisation machinery per figure): exactly what
    Django's French localisation writes."""
    with translation.override("fr"):
        attendu = valeur.normalize()
        if attendu == attendu.to_integral():
            attendu = attendu.quantize(Decimal(1))
        assert nombre(valeur) == formats.number_format(attendu + 0, use_l10n=True)


@pytest.mark.parametrize("mois", range(1, 13))
def test_mois_ecrits_comme_les_ecrit_django_en_francais(mois):
    jour = datetime.date(2027, mois, 15)
    with translation.override("fr"):
        assert date_fr(jour) == f"15 {formats.date_format(jour, 'F Y')}"
