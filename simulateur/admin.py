from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.verrou import VerrouOptimisteAdminMixin
from simulateur.couverture import CouvertureAdminMixin
from simulateur.models import Medecin, Parametre, Tarif


@admin.register(Medecin)
class MedecinAdmin(VerrouOptimisteAdminMixin, SimpleHistoryAdmin):
    list_display = ["libelle", "slug", "specialiste", "acces_direct", "ordre"]
    list_editable = ["ordre"]
    search_fields = ["libelle", "slug"]


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
        "fields": ["debut", "fin", "source_url", "note"],
        "description": "Pour un nouveau tarif, ne modifiez pas l'ancienne ligne : ajoutez une ligne qui "
        "commence au jour du changement ; l'ancienne, si elle était sans fin, se termine la veille. Le site "
        "change de tarif tout seul à la date dite. Une suppression ou une date de fin qui laisserait une "
        "date sans valeur est refusée.",
    },
)


@admin.register(Tarif)
class TarifAdmin(VerrouOptimisteAdminMixin, CouvertureAdminMixin, SimpleHistoryAdmin):
    list_display = ["medecin", "categorie", "parcours", "tranche", "montant", "code", "debut", "fin"]
    list_filter = [PeriodeFilter, "categorie", "medecin", "parcours"]
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


@admin.register(Parametre)
class ParametreAdmin(VerrouOptimisteAdminMixin, CouvertureAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "valeur", "unite", "debut", "fin"]
    list_filter = [PeriodeFilter, "code"]
    search_fields = ["code", "note"]
    fieldsets = [("Valeur", {"fields": ["code", "valeur", "unite"]}), FIELDSET_PERIODE]
