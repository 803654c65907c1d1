"""Which days of the period the site serves each tariff and parameter covers, and what an
editor's change would leave uncovered (issue 11: missing data never takes a page down, and the
admin refuses a change that would create the gap).

A *series* is what a row stands for, whatever its dates: a parameter's code, or a tariff's
doctor, act, category, parcours variant and age band. A change is refused when a day that its
series covered before (from the first day of the barème to the end of next year, the dates the
simulator accepts) would be covered by no row after it.
"""

import copy
import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.forms.models import construct_instance

from simulateur import affichage, baremes
from simulateur.models import Parametre, Tarif

LOIN = datetime.date(9999, 12, 31)


def serie(ligne):
    if isinstance(ligne, Tarif):
        return (ligne.medecin_id, ligne.acte, ligne.categorie, ligne.parcours, ligne.age_min, ligne.age_max)
    return (ligne.code,)


def libelle(ligne):
    if isinstance(ligne, Tarif):
        return f"{ligne.medecin} : {ligne.get_categorie_display()}, {ligne.acte}, {ligne.tranche()}"
    return ligne.get_code_display()


def _jours(lignes, premier, dernier):
    jours = set()
    for ligne in lignes:
        debut = max(ligne.debut, premier)
        fin = min(ligne.fin or LOIN, dernier)
        if debut <= fin:
            jours.update(range(debut.toordinal(), fin.toordinal() + 1))
    return jours


def _periodes(jours):
    """Sorted day numbers as (first, last) dates of each run."""
    periodes = []
    for jour in sorted(jours):
        if periodes and periodes[-1][1] == jour - 1:
            periodes[-1][1] = jour
        else:
            periodes.append([jour, jour])
    return [(datetime.date.fromordinal(a), datetime.date.fromordinal(b)) for a, b in periodes]


def trous(avant, apres):
    """French messages for each series covered before and no longer after, on the days served.

    `avant` and `apres`: every row of the series concerned, before and after the change."""
    premier, dernier = baremes.plage()
    if premier is None:
        return []
    messages = []
    series_avant = {}
    for ligne in avant:
        series_avant.setdefault(serie(ligne), []).append(ligne)
    series_apres = {}
    for ligne in apres:
        series_apres.setdefault(serie(ligne), []).append(ligne)
    for cle, lignes in series_avant.items():
        perdus = _jours(lignes, premier, dernier) - _jours(series_apres.get(cle, []), premier, dernier)
        for debut, fin in _periodes(perdus)[:3]:
            periode = (
                f"le {affichage.date_fr(debut)}"
                if debut == fin
                else f"du {affichage.date_fr(debut)} au {affichage.date_fr(fin)}"
            )
            messages.append(
                f"« {libelle(lignes[0])} » n'aurait plus de valeur {periode} : le simulateur ne "
                "pourrait plus calculer à ces dates. Ajoutez d'abord la ligne qui prend le relais, "
                "ou gardez celle-ci."
            )
    return messages


def lignes_de_la_serie(ligne):
    modele = type(ligne)
    if isinstance(ligne, Tarif):
        filtre = {
            "medecin_id": ligne.medecin_id,
            "acte": ligne.acte,
            "categorie": ligne.categorie,
            "parcours": ligne.parcours,
            "age_min": ligne.age_min,
            "age_max": ligne.age_max,
        }
    else:
        filtre = {"code": ligne.code}
    return list(modele.objects.filter(**filtre))


def reprises(lignes):
    """The rows that take back the days of deleted rows still to come (an announcement withdrawn:
    « finalement, le G ne change pas au 1er janvier »): for each, the row of its series that ends
    the day before, given the deleted row's end. Unsaved copies, in the deleted rows' date order
    (two announcements withdrawn at once go back to the row before both). A row already in force
    is never withdrawn this way: today's figures would change."""
    aujourdhui = baremes.aujourdhui()
    supprimees = {ligne.pk for ligne in lignes}
    prolongees = {}
    for ligne in sorted(lignes, key=lambda ligne: ligne.debut):
        if ligne.debut <= aujourdhui:
            continue
        veille = ligne.debut - datetime.timedelta(days=1)
        for autre in lignes_de_la_serie(ligne):
            autre = prolongees.get(autre.pk, autre)
            if autre.pk not in supprimees and autre.fin == veille:
                prolongee = copy.copy(autre)
                prolongee.fin = ligne.fin
                prolongees[autre.pk] = prolongee
    return list(prolongees.values())


def trous_d_une_suppression(lignes):
    """What deleting these rows (a queryset or a list, one model) would leave uncovered, once
    the rows before withdrawn announcements have taken their days back."""
    lignes = list(lignes)
    supprimees = {ligne.pk for ligne in lignes}
    avant = {}
    for ligne in lignes:
        for autre in lignes_de_la_serie(ligne):
            avant[autre.pk] = autre
    apres = {pk: autre for pk, autre in avant.items() if pk not in supprimees}
    apres.update((prolongee.pk, prolongee) for prolongee in reprises(lignes))
    return trous(avant.values(), apres.values())


def trous_d_une_modification(ancienne, nouvelle, terminees=()):
    """What saving `nouvelle` (the edited row; `ancienne` as stored, None for an addition) would
    leave uncovered; `terminees`: rows the same save closes (their new end date set)."""
    avant = {}
    for ligne in ([ancienne] if ancienne else []) + [nouvelle]:
        for autre in lignes_de_la_serie(ligne):
            avant[autre.pk] = autre
    apres = dict(avant)
    if nouvelle.pk:
        apres[nouvelle.pk] = nouvelle
    else:
        apres[None] = nouvelle
    for ligne in terminees:
        apres[ligne.pk] = ligne
    return trous(avant.values(), apres.values())


MODELES = (Tarif, Parametre)


# --- The admin: refuse the gap, and let a new row take over from an open-ended one ------------


class FormulaireLigneDatee(forms.ModelForm):
    """A dated row's admin form: a new row that starts while an open-ended row of the same series
    is in force takes over from it (the old row is ended the day before, on save), and a change
    that would leave a served day without its value is refused, naming it."""

    def clean(self):
        donnees = super().clean()
        if self.errors or type(self.instance) not in MODELES:
            return donnees
        nouvelle = construct_instance(self, copy.copy(self.instance))
        if not nouvelle.debut:
            return donnees
        ancienne = type(nouvelle).objects.filter(pk=nouvelle.pk).first() if nouvelle.pk else None
        relayees = [
            ligne
            for ligne in lignes_de_la_serie(nouvelle)
            if ligne.pk != nouvelle.pk and ligne.fin is None and ligne.debut < nouvelle.debut
        ]
        for ligne in relayees:
            ligne.fin = nouvelle.debut - datetime.timedelta(days=1)
        # The model's own overlap check (run next, by the form) ignores the rows taken over.
        self.instance.relayees = [ligne.pk for ligne in relayees]
        self.relayees = relayees
        messages = trous_d_une_modification(ancienne, nouvelle, relayees)
        if messages:
            raise forms.ValidationError(messages)
        return donnees


def _jusqu_a(ligne):
    return f"jusqu'au {affichage.date_fr(ligne.fin)}" if ligne.fin else "sans date de fin"


class CouvertureAdminMixin:
    """For Tarif and Parametre admins: the form above, and deletions (one row, or the bulk
    action) refused when they would leave a served day without its value."""

    form = FormulaireLigneDatee

    def get_deleted_objects(self, objs, request):
        supprimees, nombres, permissions, proteges = super().get_deleted_objects(objs, request)
        trous_laisses = trous_d_une_suppression(objs)
        if not trous_laisses and not request.POST.get("post"):  # the confirmation page
            for prolongee in reprises(list(objs)):
                messages.info(request, f"La ligne {prolongee} reprendra ses jours : {_jusqu_a(prolongee)}.")
        return supprimees, nombres, permissions, [*proteges, *trous_laisses]

    def delete_model(self, request, obj):
        with transaction.atomic():
            prolongees = reprises([obj])
            super().delete_model(request, obj)
            self._prolonger(request, prolongees)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            prolongees = reprises(list(queryset))
            super().delete_queryset(request, queryset)
            self._prolonger(request, prolongees)

    def _prolonger(self, request, prolongees):
        for ligne in prolongees:
            ligne._change_reason = "Reprend les jours de la ligne annoncée, retirée"
            ligne._history_user = request.user
            ligne.save()
            messages.info(request, f"La ligne {ligne} se prolonge désormais : {_jusqu_a(ligne)}.")

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            for ligne in getattr(form, "relayees", []):
                ligne._change_reason = (
                    f"Terminée la veille de la ligne qui prend le relais ({obj.debut:%d/%m/%Y})"
                )
                ligne.save()
                messages.info(
                    request,
                    f"La ligne précédente ({ligne}) se termine désormais le {affichage.date_fr(ligne.fin)}.",
                )
            super().save_model(request, obj, form, change)
