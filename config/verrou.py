"""Optimistic locking for the admin's change forms (issue 11): an edit never silently overwrites
another editor's.

The change form carries a hidden *version* of the row: a hash of every stored value as it was
when the page was opened. On save, a row stored since with other values (another editor, a
history restore, the shell) is not overwritten: the form comes back with a French message naming
who saved it and when, and showing their current text next to the editor's own, which stays in the
form. Saving again then knowingly replaces their version (the form now carries the new one).

Use: `class QuestionAdmin(VerrouOptimisteAdminMixin, SimpleHistoryAdmin)`, first among the bases.
"""

import hashlib

from django import forms
from django.db import transaction
from django.utils import timezone

CHAMP = "version"


def jeton(modele, pk, verrouiller=False):
    """The version of the stored row: a hash of all its columns, or "" if it is gone.

    `verrouiller`: read under a row lock (the admin saves in a transaction): a second save of the
    same row waits until the first is written, then sees its new version, instead of both passing
    the check at the same moment. SQLite writes one transaction at a time and ignores the lock."""
    lignes = modele._default_manager.filter(pk=pk)
    if verrouiller:
        lignes = lignes.select_for_update()
    valeurs = lignes.values().first()
    if valeurs is None:
        return ""
    texte = repr(sorted((nom, str(valeur)) for nom, valeur in valeurs.items()))
    return hashlib.sha256(texte.encode()).hexdigest()[:20]


class FormulaireVersionne(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[CHAMP].initial = jeton(type(self.instance), self.instance.pk)

    def clean(self):
        donnees = super().clean()
        if not self.instance.pk:
            return donnees
        modele = type(self.instance)
        actuel = jeton(modele, self.instance.pk, verrouiller=not transaction.get_autocommit())
        # A POST without the field (a script, a history restore) cannot say what it was based on.
        if self.add_prefix(CHAMP) not in self.data:
            return donnees
        lu = self.data.get(self.add_prefix(CHAMP), "")
        if lu == actuel:
            return donnees
        # Next save knowingly replaces what is stored now (the editor has seen it).
        self.data = self.data.copy()
        self.data[self.add_prefix(CHAMP)] = actuel
        raise forms.ValidationError(self.messages_de_conflit(modele))

    def messages_de_conflit(self, modele):
        stockee = modele._default_manager.filter(pk=self.instance.pk).first()
        if stockee is None:
            return ["Cette fiche a été supprimée par une autre personne pendant que vous la modifiiez."]
        auteur = ""
        historique = getattr(stockee, "history", None)
        derniere = historique.first() if historique is not None else None
        if derniere is not None:
            qui = derniere.history_user or "une autre personne"
            quand = timezone.localtime(derniere.history_date)
            auteur = f" ({qui}, le {quand:%d/%m/%Y à %H:%M})"
        messages = [
            f"Une autre personne a enregistré cette fiche pendant que vous la modifiiez{auteur}. "
            "Rien n'a été enregistré : vos changements sont toujours dans le formulaire, et sa version "
            "actuelle est ci-dessous. Reportez ce qui manque, puis enregistrez : votre version "
            "remplacera alors la sienne."
        ]
        for nom, champ in self.fields.items():
            if nom == CHAMP or nom not in {f.name for f in modele._meta.concrete_fields}:
                continue
            valeur = getattr(stockee, nom)
            if str(self.cleaned_data.get(nom, "")) != str(valeur):
                messages.append(f"« {champ.label} » est maintenant : {valeur}")
        return messages


class VerrouOptimisteAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        if "form" not in kwargs:
            kwargs["form"] = type(self.form.__name__, (FormulaireVersionne, self.form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and all(CHAMP not in options.get("fields", ()) for _, options in fieldsets):
            fieldsets.append((None, {"fields": [CHAMP], "classes": ["hidden"]}))
        return fieldsets
