"""How amounts, rates, dates and the steps of a calculation read in French.

The one place where money becomes text. Each step and warning of `calcul.Resultat` carries a
French sentence with placeholders (`{base}`, `{taux}`); `texte()` fills them for a terminal or a
JSON answer, `html()` fills them escaped for a page. Template tags only register these functions
(`simulateur/templatetags/montants.py`).
"""

import datetime
from decimal import Decimal

from django.utils.html import conditional_escape, format_html

from simulateur.calcul import CENTIME, Points, Pourcentage, arrondi

ESPACE_INSECABLE = "\u00a0"


def euros(montant):
    """Decimal('12.3') -> '12,30 €' (non-breaking spaces, French separators)."""
    if montant is None or montant == "":
        return ""
    # 1 234,50 €, with non-breaking spaces so that an amount never splits across lines. A
    # negative zero (« -0 ») reads as zero.
    montant = arrondi(Decimal(montant)) + 0
    entiers, centimes = f"{montant:,.2f}".split(".")
    return f"{entiers.replace(',', ESPACE_INSECABLE)},{centimes}{ESPACE_INSECABLE}€"


# The site speaks French only: its separators and month names are written here rather than asked
# of Django's localisation on each of the result's dozen figures (the tests compare both).
MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _sans_zeros(valeur):
    """Decimal('17.50') -> '17,5', Decimal('18.00') -> '18': a decimal comma, no grouping."""
    valeur = Decimal(valeur).normalize()
    if valeur == valeur.to_integral():
        valeur = valeur.quantize(Decimal(1))
    return f"{valeur + 0:f}".replace(".", ",")


def pourcent(taux):
    """Decimal('70.00') -> '70 %', Decimal('17.50') -> '17,5 %'."""
    if isinstance(taux, Pourcentage):
        taux = taux.valeur
    return _sans_zeros(taux) + ESPACE_INSECABLE + "%"


def nombre(valeur):
    """Decimal('18.00') -> '18'."""
    return _sans_zeros(valeur)


def valeur_data(montant):
    """The machine-readable value of a <data> element or a JSON amount: dot decimal, two places."""
    return f"{Decimal(montant).quantize(CENTIME) + 0:.2f}"


def date_fr(date):
    """22 décembre 2024, 1er janvier 2026."""
    if not date:
        return ""
    jour = "1er" if date.day == 1 else str(date.day)
    return f"{jour} {MOIS[date.month - 1]} {date.year}"


def formater(valeur):
    if isinstance(valeur, Pourcentage):
        return pourcent(valeur)
    if isinstance(valeur, Points):
        return nombre(valeur.valeur) + ESPACE_INSECABLE + "points"
    if isinstance(valeur, Decimal):
        return euros(valeur)
    if isinstance(valeur, datetime.date):
        return date_fr(valeur)
    return str(valeur)


def _phrase(element):
    return element.explication if hasattr(element, "explication") else element.texte


def texte(element):
    """A step's explanation or a warning as plain text, its values formatted."""
    phrase = _phrase(element)
    if not phrase:
        return ""
    return phrase.format(**{nom: formater(v) for nom, v in element.valeurs.items()})


def html(element):
    """The same sentence for a page: the text escaped, the values formatted and escaped."""
    phrase = _phrase(element)
    if not phrase:
        return ""
    if not element.valeurs:
        return conditional_escape(phrase)
    return format_html(phrase, **{nom: formater(v) for nom, v in element.valeurs.items()})


def parts_entieres(montants, total, unite=Decimal("0.1")):
    """Shares of `total` in percent, to `unite`, that add up to exactly 100 (largest remainder).

    Rounding each share on its own gives 99,9 % or 100,1 %; here the units lost to rounding go
    to the shares that lost the most."""
    if not total:
        return [Decimal(0) for _ in montants]
    echelle = Decimal(100) / unite
    exactes = [Decimal(m) / Decimal(total) * echelle for m in montants]
    entieres = [int(e) for e in exactes]
    manque = int(echelle) - sum(entieres)
    ordre = sorted(range(len(exactes)), key=lambda i: exactes[i] - entieres[i], reverse=True)
    for i in ordre[: max(0, manque)]:
        entieres[i] += 1
    return [Decimal(e) * unite for e in entieres]


def repartition(resultat):
    """Segments of the SVG bar: what the AMO, the complémentaire and the patient bear, in % of
    the fees (x and width in a 0-100 viewBox), summing to 100."""
    postes = (
        ("amo", "Assurance Maladie", resultat.amo_net),
        ("amc", "Complémentaire", resultat.complementaire),
        ("reste", "Reste à payer", resultat.reste_a_charge),
    )
    largeurs = parts_entieres([montant for _, _, montant in postes], resultat.honoraires)
    segments, x = [], Decimal(0)
    for (classe, libelle, montant), largeur in zip(postes, largeurs, strict=True):
        segments.append(
            {"classe": classe, "libelle": libelle, "x": x, "largeur": largeur, "montant": montant}
        )
        x += largeur
    return segments
