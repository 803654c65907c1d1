from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from config.admin_outils import EditeurAdminMixin
from config.verrou import VerrouOptimisteAdminMixin
from simulateur.admin_bareme import BaremeAdminMixin, EnVigueurLe, FormulaireBareme
from simulateur.couverture import CouvertureAdminMixin, FormulaireLigneDatee
from simulateur.models import Acte, Majoration, Medecin, Parametre, Tarif


@admin.register(Medecin)
class MedecinAdmin(VerrouOptimisteAdminMixin, EditeurAdminMixin, SimpleHistoryAdmin):
    list_display = ["libelle", "slug", "specialiste", "acces_direct", "ordre"]
    list_editable = ["ordre"]
    search_fields = ["libelle", "slug"]

    def view_on_site(self, medecin):
        return reverse("simulateur:tarifs") + f"#medecin-{medecin.slug}"


class PeriodeFilter(admin.SimpleListFilter):
    title = "période"
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        return [("en-vigueur", "En vigueur aujourd'hui"), ("passee", "Terminée"), ("future", "À venir")]

    def queryset(self, request, queryset):
        from simulateur.baremes import aujourdhui

        jour = aujourdhui()
        if self.value() == "en-vigueur":
            return queryset.en_vigueur(jour)
        if self.value() == "passee":
            return queryset.filter(fin__lt=jour)
        if self.value() == "future":
            return queryset.filter(debut__gt=jour)
        return queryset


FIELDSET_PERIODE = (
    "Période et source",
    {
        "fields": ["debut", "fin", "source_url", "note", "confirmer_ecart"],
        "description": "Pour une nouvelle valeur, ne modifiez pas cette ligne : utilisez « Nouvelle valeur "
        "à partir du … » (en haut à droite), qui la termine la veille et crée la suivante. Le site change "
        "de valeur tout seul à la date dite. Une suppression ou une date de fin qui laisserait "
        "une date sans valeur est refusée.",
    },
)


class BaremeAdmin(VerrouOptimisteAdminMixin, BaremeAdminMixin, EditeurAdminMixin, SimpleHistoryAdmin):
    """A dated barème row: « Nouvelle valeur à partir du … », French amounts, « en vigueur le »."""

    def view_on_site(self, ligne):
        return reverse("simulateur:tarifs") + "#regles-titre"


class FormulaireCouvert(FormulaireLigneDatee, FormulaireBareme):
    """Tariffs and parameters: a served day never left without its value (issue 11), overlaps
    linked and big jumps confirmed (issue 17); the optimistic lock wraps it (config.verrou)."""


@admin.register(Tarif)
class TarifAdmin(CouvertureAdminMixin, BaremeAdmin):
    form = FormulaireCouvert
    list_display = ["medecin", "categorie", "parcours", "tranche", "montant", "code", "debut", "fin"]
    list_filter = [EnVigueurLe, PeriodeFilter, "categorie", "medecin", "parcours"]
    search_fields = ["code", "note", "medecin__libelle"]
    date_hierarchy = "debut"
    list_select_related = ["medecin"]
    fieldsets = [
        (
            "Consultation",
            {"fields": ["medecin", "categorie", "parcours", "age_min", "age_max", "code", "montant"]},
        ),
        FIELDSET_PERIODE,
    ]

    @admin.display(description="âge")
    def tranche(self, tarif):
        return tarif.tranche()

    def view_on_site(self, tarif):
        return reverse("simulateur:tarifs") + f"#medecin-{tarif.medecin.slug}"


@admin.register(Parametre)
class ParametreAdmin(CouvertureAdminMixin, BaremeAdmin):
    form = FormulaireCouvert
    list_display = ["code", "valeur", "unite", "debut", "fin"]
    list_filter = [EnVigueurLe, PeriodeFilter, "code"]
    search_fields = ["code", "note"]
    fieldsets = [("Valeur", {"fields": ["code", "valeur", "unite"]}), FIELDSET_PERIODE]


@admin.register(Majoration)
class MajorationAdmin(BaremeAdmin):
    def view_on_site(self, majoration):
        # Each majoration in force, its previous and announced amounts: « Tarifs en vigueur ».
        return reverse("simulateur:tarifs") + "#majorations-titre"

    list_display = ["code", "libelle", "montant", "horaire", "lieu", "debut", "fin"]
    list_filter = [EnVigueurLe, PeriodeFilter, "code", "horaire", "lieu"]
    search_fields = ["code", "libelle", "note"]
    list_select_related = ["medecin"]
    fieldsets = [
        (
            "Majoration",
            {
                "fields": [
                    "code",
                    "libelle",
                    "montant",
                    "horaire",
                    "lieu",
                    "regulation",
                    "visite_justifiee",
                    "medecin",
                ]
            },
        ),
        FIELDSET_PERIODE,
    ]


@admin.register(Acte)
class ActeAdmin(VerrouOptimisteAdminMixin, EditeurAdminMixin, SimpleHistoryAdmin):
    list_display = ["libelle", "slug", "tarif_opposable_seul", "exonere", "ordre"]
    search_fields = ["libelle", "slug", "aide", "note"]

    def view_on_site(self, acte):
        return reverse("simulateur:simulateur")
