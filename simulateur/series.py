"""Series of dated rows of the barème (tariffs, parameters, majorations): since when an amount
applies, the amount it replaced, the amounts announced, and the last day an amount changed.

A series is the rows of one consultation (or parameter, or majoration) one after another; a row
that only carries on the one before it with the same amount (a change of code) is no change.
"""

import datetime

from simulateur.models import Parametre


def cle_tarif(ligne):
    """What makes a series of tariff rows, one amount after another: the same act of the same
    doctor, in the same category, parcours variant and age band (`Tarif.cle` and its overlaps)."""
    return (ligne.medecin_id, ligne.acte, ligne.categorie, ligne.parcours, ligne.age_min, ligne.age_max)


def cle_majoration(ligne):
    """A majoration's series: its code and the conditions it applies under. When the conditions
    change (F, MN and MM became « régulée » on 22 December 2024), the row in force starts anew."""
    return (ligne.code, ligne.horaire, ligne.lieu, ligne.regulation, ligne.visite_justifiee, ligne.medecin_id)


def _valeur(ligne):
    return ligne.valeur if isinstance(ligne, Parametre) else ligne.montant


def _prolonge(avant, ligne):
    """`ligne` only carries on `avant` (e.g. a change of code): the same amount, with no day
    between them."""
    contigues = avant.fin is None or avant.fin >= ligne.debut - datetime.timedelta(days=1)
    return contigues and _valeur(avant) == _valeur(ligne)


def _suites(lignes, cle):
    par_cle = {}
    for ligne in lignes:
        par_cle.setdefault(cle(ligne), []).append(ligne)
    return par_cle.values()


def periodes(lignes, jour, cle=cle_tarif):
    """For each row in force on `jour` (rows sorted by start date): the day its amount took
    effect (a new row with the same amount, e.g. a change of code, keeps the older date), the
    different amount before it, and the amounts announced after it. Rows with the same `cle`
    are one series (`cle_tarif` for tariffs)."""
    position = {id(ligne): i for i, ligne in enumerate(lignes)}
    resultat = []
    for suite in _suites(lignes, cle):
        for i, ligne in enumerate(suite):
            if not (ligne.debut <= jour and (ligne.fin is None or ligne.fin >= jour)):
                continue
            depuis, precedente, suivante = ligne.debut, None, ligne
            for avant in reversed(suite[:i]):
                if not _prolonge(avant, suivante):
                    if _valeur(avant) != _valeur(ligne):
                        precedente = avant
                    break
                depuis, suivante = avant.debut, avant
            a_venir, valeur = [], _valeur(ligne)
            for apres in suite[i + 1 :]:
                if apres.debut > jour and _valeur(apres) != valeur:
                    a_venir.append(apres)
                valeur = _valeur(apres)
            resultat.append({"ligne": ligne, "depuis": depuis, "precedente": precedente, "a_venir": a_venir})
    return sorted(resultat, key=lambda p: position[id(p["ligne"])])


def derniers_changements(lignes, jour, cle=cle_tarif):
    """The latest day, on or before `jour`, on which an amount changed: a row that only carries
    on the one before it with the same amount (a change of code) is no change."""
    changements = [
        ligne.debut
        for suite in _suites(lignes, cle)
        for i, ligne in enumerate(suite)
        if ligne.debut <= jour and (i == 0 or not _prolonge(suite[i - 1], ligne))
    ]
    return max(changements, default=None)
