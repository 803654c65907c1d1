"""The barème's admin tools, kept apart from the ModelAdmin classes that use them.

- amounts always read the French way (« 12,34 », « 12.34 », « 12,3 »), whatever the browser's
  language: a text input with `inputmode="decimal"` and the simulator's own parser, never
  `type=number` (a Chromium in English drops the comma: « 12,34 » became 1234);
- « Nouvelle valeur à partir du … »: one page ends the current row the day before and creates the
  next one, every other field copied, in one transaction, validated as the admin validates;
- a confirmation when a value moves by more than half from the previous row;
- the overlap message links to the conflicting row;
- the « en vigueur le … » filter, with a date field.
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from simulateur import affichage, contrat
from simulateur.models import Tarif

# A value that moves by more than this share of the previous row asks for a confirmation.
ECART_A_CONFIRMER = Decimal("0.5")

MESSAGES_VALEUR = {
    "invalide": "Écrivez un nombre, par exemple 12,34 (virgule ou point).",
    "negatif": "La valeur ne peut pas être négative.",
    "maximum": f"La valeur doit rester sous {affichage.euros(contrat.HONORAIRES_MAX + Decimal('0.01'))}.",
    "decimales": "Deux chiffres au plus après la virgule.",
}


def lire_valeur(brut):
    """« 12,34 », « 12.34 », « 12,3 », « 1 012,34 » -> Decimal("12.34"); ValidationError in French."""
    try:
        return contrat.lire_decimal(
            str(brut).strip().removesuffix("€").strip(), contrat.HONORAIRES_MAX, MESSAGES_VALEUR
        )
    except contrat.Refus as refus:
        raise ValidationError(str(refus), code="invalid") from None


class SaisieDecimale(forms.TextInput):
    """A text input a phone opens on its numeric keypad, which keeps the comma as typed."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", "class": "champ-montant", **(attrs or {})}
        )


class ChampMontant(forms.DecimalField):
    widget = SaisieDecimale

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)  # shows « 30,00 » back to the editor
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return lire_valeur(value)


def champ_valeur(modele):
    """The name of a barème row's figure: `montant` for tariffs and majorations, `valeur` otherwise."""
    return "montant" if any(f.name == "montant" for f in modele._meta.fields) else "valeur"


def precedente(ligne, avant=None):
    """The row of the same figure (same key, same age band and parcours) in force just before."""
    modele = type(ligne)
    filtre = {nom: getattr(ligne, nom) for nom in modele.cle}
    if isinstance(ligne, Tarif):
        filtre.update(parcours=ligne.parcours, age_min=ligne.age_min, age_max=ligne.age_max)
    lignes = modele.objects.filter(**filtre, debut__lt=avant or ligne.debut)
    if ligne.pk:
        lignes = lignes.exclude(pk=ligne.pk)
    return lignes.order_by("-debut").first()


def ecart_excessif(ancienne, nouvelle):
    """True when `nouvelle` moves by more than half of `ancienne` (both Decimal, or None)."""
    if ancienne is None or nouvelle is None:
        return False
    if ancienne == 0:
        return nouvelle != 0
    return abs(nouvelle - ancienne) / ancienne > ECART_A_CONFIRMER


def message_ecart(ancienne, nouvelle, unite_euros=True):
    ecrire = affichage.euros if unite_euros else affichage.nombre
    return (
        f"La valeur passe de {ecrire(ancienne)} à {ecrire(nouvelle)}, un écart de plus de 50 % : "
        "vérifiez-la (une virgule oubliée ?), puis cochez « Je confirme cet écart »."
    )


def lien_admin(ligne):
    opts = ligne._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[ligne.pk])


class FormulaireBareme(forms.ModelForm):
    """The admin form of a barème row: overlap linked to its row, big jumps confirmed."""

    confirmer_ecart = forms.BooleanField(
        label="Je confirme cet écart",
        required=False,
        help_text="À cocher seulement si la valeur change de plus de moitié par rapport à la ligne "
        "précédente.",
    )

    def _post_clean(self):
        super()._post_clean()
        erreurs = self.errors.get(NON_FIELD_ERRORS, [])
        if any("chevauche" in str(e) for e in erreurs):
            for autre in self.instance.chevauchements()[:3]:
                self.add_error(
                    None,
                    format_html('Ligne en conflit : <a href="{}">{}</a>', lien_admin(autre), autre),
                )
        if self.errors:
            return
        nom = champ_valeur(type(self.instance))
        avant = precedente(self.instance)
        valeur = getattr(self.instance, nom)
        if (
            avant is not None
            and ecart_excessif(getattr(avant, nom), valeur)
            and not self.cleaned_data.get("confirmer_ecart")
            and (self.instance._state.adding or nom in self.changed_data)
        ):
            euros = getattr(self.instance, "unite", "euro") == "euro"
            self.add_error("confirmer_ecart", message_ecart(getattr(avant, nom), valeur, euros))


class BaremeAdminMixin:
    """Mixed into the ModelAdmin of a dated barème row (Tarif, Parametre, Majoration)."""

    form = FormulaireBareme
    formfield_overrides = {models.DecimalField: {"form_class": ChampMontant}}
    actions = ["nouvelle_valeur"]
    change_form_template = "admin/simulateur/bareme_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/nouvelle-valeur/",
                self.admin_site.admin_view(self.vue_nouvelle_valeur),
                name=f"{opts.app_label}_{opts.model_name}_nouvelle_valeur",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Nouvelle valeur à partir du …", permissions=["add"])
    def nouvelle_valeur(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Cochez une seule ligne : celle dont la valeur change.", level=messages.WARNING
            )
            return None
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_nouvelle_valeur", args=[queryset.get().pk])
        )

    def vue_nouvelle_valeur(self, request, object_id):
        ligne = get_object_or_404(self.model, pk=object_id)
        if not (self.has_add_permission(request) and self.has_change_permission(request, ligne)):
            raise PermissionDenied
        nom = champ_valeur(self.model)
        formulaire = FormulaireNouvelleValeur(request.POST or None, ligne=ligne, nom=nom)
        if request.method == "POST" and formulaire.is_valid():
            try:
                nouvelle = annoncer(ligne, nom, request.user, **formulaire.cleaned_data)
            except ValidationError as erreur:
                for message in erreur.messages:
                    formulaire.add_error(None, message)
            else:
                self.message_user(
                    request,
                    format_html(
                        'Nouvelle valeur enregistrée : <a href="{}">{}</a> à partir du {} ; l\'ancienne '
                        "ligne s'arrête le {}.",
                        lien_admin(nouvelle),
                        nouvelle,
                        affichage.date_fr(nouvelle.debut),
                        affichage.date_fr(nouvelle.debut - datetime.timedelta(days=1)),
                    ),
                    messages.SUCCESS,
                )
                opts = self.model._meta
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        contexte = {
            **self.admin_site.each_context(request),
            "title": f"Nouvelle valeur à partir du … : {ligne}",
            "opts": self.model._meta,
            "ligne": ligne,
            "valeur_actuelle": getattr(ligne, nom),
            "formulaire": formulaire,
            "media": self.media + formulaire.media,
        }
        return TemplateResponse(request, "admin/simulateur/nouvelle_valeur.html", contexte)


class FormulaireNouvelleValeur(forms.Form):
    debut = forms.DateField(
        label="À partir du",
        help_text="Premier jour de la nouvelle valeur ; l'ancienne ligne s'arrête la veille.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valeur = ChampMontant(label="Nouvelle valeur", max_digits=7, decimal_places=2)
    source_url = forms.URLField(
        label="Source",
        max_length=500,
        assume_scheme="https",
        help_text="Texte officiel qui fixe la nouvelle valeur (Légifrance, ameli, service-public).",
    )
    note = forms.CharField(label="Note", max_length=300, required=False)
    confirmer_ecart = FormulaireBareme.base_fields["confirmer_ecart"]

    def __init__(self, *args, ligne, nom, **kwargs):
        super().__init__(*args, **kwargs)
        self.ligne, self.nom = ligne, nom
        self.fields[
            "valeur"
        ].label = f"Nouvelle valeur (actuelle : {affichage.formater(getattr(ligne, nom))})"

    def clean(self):
        donnees = super().clean()
        debut, valeur = donnees.get("debut"), donnees.get("valeur")
        if debut and debut <= self.ligne.debut:
            self.add_error(
                "debut",
                f"Choisissez une date après le {affichage.date_fr(self.ligne.debut)}, "
                "début de la ligne actuelle.",
            )
        if debut and self.ligne.fin and self.ligne.fin < debut - datetime.timedelta(days=1):
            self.add_error(
                "debut",
                f"Cette ligne s'arrête déjà le {affichage.date_fr(self.ligne.fin)} : "
                "partez de la ligne qui la suit.",
            )
        ancienne = getattr(self.ligne, self.nom)
        if valeur is not None and ecart_excessif(ancienne, valeur) and not donnees.get("confirmer_ecart"):
            euros = getattr(self.ligne, "unite", "euro") == "euro"
            self.add_error("confirmer_ecart", message_ecart(ancienne, valeur, euros))
        return donnees


@transaction.atomic
def annoncer(ligne, nom, auteur, *, debut, valeur, source_url, note="", confirmer_ecart=False):
    """End `ligne` the day before `debut` and create the next row with `valeur`; every other field
    is copied. Both rows are validated (`full_clean`): on any error nothing is saved."""
    ligne = type(ligne).objects.select_for_update().get(pk=ligne.pk)
    fin_ancienne = ligne.fin
    nouvelle = type(ligne).objects.get(pk=ligne.pk)
    ligne.fin = debut - datetime.timedelta(days=1)
    ligne.full_clean()
    ligne._history_user = auteur
    ligne._change_reason = f"terminée pour la nouvelle valeur du {affichage.date_fr(debut)}"
    ligne.save()
    nouvelle.pk = nouvelle.id = None
    nouvelle._state.adding = True
    nouvelle.debut, nouvelle.fin = debut, fin_ancienne
    setattr(nouvelle, nom, valeur)
    nouvelle.source_url, nouvelle.note = source_url, note
    nouvelle.full_clean()
    nouvelle._history_user = auteur
    nouvelle._change_reason = f"nouvelle valeur à partir du {affichage.date_fr(debut)}"
    nouvelle.save()
    return nouvelle


class EnVigueurLe(admin.SimpleListFilter):
    """« en vigueur le … »: the rows in force on a date the editor types."""

    title = "en vigueur le"
    parameter_name = "en_vigueur_le"
    template = "admin/simulateur/filtre_date.html"

    def lookups(self, request, model_admin):
        return [("date", "date")]  # the template shows a date field, not these choices

    def date(self):
        try:
            return contrat.lire_date(self.value() or "")
        except contrat.Refus:
            return None

    def queryset(self, request, queryset):
        jour = self.date()
        return queryset.en_vigueur(jour) if jour else queryset

    def choices(self, changelist):
        yield {
            "valeur": self.date().isoformat() if self.date() else "",
            "autres": [
                (cle, valeur) for cle, valeur in changelist.params.items() if cle != self.parameter_name
            ],
            "effacer": changelist.get_query_string(remove=[self.parameter_name]),
            "selected": False,
            "display": "",
            "query_string": "",
        }
