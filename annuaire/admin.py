from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from annuaire.models import Edition, Opposition


@admin.register(Opposition)
class OppositionAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "prenom", "code_postal", "ville", "date_demande")
    search_fields = ("nom", "prenom", "ville", "code_postal")
    list_filter = ("date_demande",)
    fieldsets = (
        (
            None,
            {
                "fields": ("nom", "prenom", "date_demande"),
                "description": "La personne est retirée tout de suite de l'édition servie et n'est plus "
                "jamais importée. Nom et prénom sont comparés sans accents ni majuscules.",
            },
        ),
        (
            "Seulement un lieu d'exercice (facultatif)",
            {"fields": ("code_postal", "ville"), "description": "Vide : tous ses lieux d'exercice."},
        ),
        (None, {"fields": ("note",)}),
    )


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = (
        "date",
        "source",
        "importee_le",
        "terminee_le",
        "medecins",
        "retires",
        "fictive",
        "active",
    )
    readonly_fields = [f.name for f in Edition._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
