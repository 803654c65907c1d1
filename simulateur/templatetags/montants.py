"""French formatting of amounts, rates and dates: the one place where money becomes text."""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import conditional_escape, format_html

from simulateur.calcul import CENTIME, Pourcentage, arrondi

register = template.Library()

ESPACE_INSECABLE = "\u00a0"


@register.filter
def euros(montant):
    """Decimal('30') -> '30,00 €' (non-breaking spaces, French separators)."""
    if montant is None or montant == "":
        return ""
    # French style written out (it is on every line of a result): 1 234,50 €, with non-breaking
    # spaces so that an amount never splits across lines.
    entiers, centimes = f"{arrondi(Decimal(montant)):,.2f}".split(".")
    return f"{entiers.replace(',', ESPACE_INSECABLE)},{centimes}{ESPACE_INSECABLE}€"


@register.filter
def pourcent(taux):
    """Decimal('70.00') -> '70 %', Decimal('17.50') -> '17,5 %'."""
    if isinstance(taux, Pourcentage):
        taux = taux.valeur
    taux = Decimal(taux).normalize()
    if taux == taux.to_integral():
        taux = taux.quantize(Decimal(1))
    return formats.number_format(taux, use_l10n=True) + ESPACE_INSECABLE + "%"


@register.filter
def nombre(valeur):
    """Decimal('18.00') -> '18'."""
    valeur = Decimal(valeur).normalize()
    if valeur == valeur.to_integral():
        valeur = valeur.quantize(Decimal(1))
    return formats.number_format(valeur, use_l10n=True)


@register.filter
def valeur_data(montant):
    """The machine-readable value of a <data> element: dot decimal, two places."""
    return f"{Decimal(montant).quantize(CENTIME):.2f}"


@register.filter
def date_fr(date):
    """22 décembre 2024, 1er janvier 2026."""
    if not date:
        return ""
    jour = "1er" if date.day == 1 else str(date.day)
    return f"{jour} {formats.date_format(date, 'F Y')}"


def formater(valeur):
    if isinstance(valeur, Pourcentage):
        return pourcent(valeur)
    if isinstance(valeur, Decimal):
        return euros(valeur)
    if isinstance(valeur, datetime.date):
        return date_fr(valeur)
    return str(valeur)


@register.simple_tag
def expliquer(element):
    """Fills an explanation's placeholders ({base}, {taux}…) with formatted, escaped values."""
    texte = element.explication if hasattr(element, "explication") else element.texte
    if not texte:
        return ""
    if not element.valeurs:
        return conditional_escape(texte)
    return format_html(texte, **{nom: formater(v) for nom, v in element.valeurs.items()})


@register.simple_tag
def repartition(resultat):
    """Segments of the SVG bar: what the AMO, the complémentaire and the patient bear, in % of
    the fees (x and width in a 0-100 viewBox)."""
    total = resultat.honoraires
    segments, x = [], Decimal(0)
    for classe, libelle, montant in (
        ("amo", "Assurance Maladie", resultat.amo_net),
        ("amc", "Complémentaire", resultat.complementaire),
        ("reste", "Reste à payer", resultat.reste_a_charge),
    ):
        largeur = (montant / total * 100).quantize(Decimal("0.1")) if total else Decimal(0)
        segments.append(
            {"classe": classe, "libelle": libelle, "x": x, "largeur": largeur, "montant": montant}
        )
        x += largeur
    return segments
