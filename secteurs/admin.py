from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from secteurs.models import Page, Question, Terme, Theme

AIDE_MARQUEURS = (
    "Écrivez en Markdown (## Titre, - liste, **gras**, [lien](https://…)). "
    "Pour un montant du barème, "
    "utilisez un marqueur : {{ pf }}, {{ parametre code=taux-amo }}, {{ tarif medecin=generaliste }}, "
    "{{ montant quoi=amo medecin=generaliste honoraires=30 }} ; seul sur sa ligne, "
    "{{ exemple medecin=autre-specialiste secteur=2 honoraires=60 mutuelle=200 }} "
    "affiche un exemple calculé. "
    "Un marqueur invalide est refusé à l'enregistrement."
)


class ContenuAdmin(SimpleHistoryAdmin):
    list_filter = ["publie"]
    list_editable = ["publie"]
    search_fields = ["slug"]
    readonly_fields = ["apercu"]
    save_on_top = True

    @admin.display(description="voir sur le site")
    def apercu(self, objet):
        if not objet.pk:
            return "Enregistrez d'abord."
        libelle = "Voir la page" if objet.publie else "Aperçu (non publié, visible du personnel seulement)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', objet.get_absolute_url(), libelle
        )


@admin.register(Page)
class PageAdmin(ContenuAdmin):
    list_display = ["titre", "rubrique", "slug", "publie", "ordre", "mis_a_jour_le"]
    list_filter = ["rubrique", "publie"]
    search_fields = ["titre", "resume", "corps", "slug"]
    prepopulated_fields = {"slug": ["titre"]}
    fieldsets = [
        (None, {"fields": ["titre", "slug", "rubrique", "resume"]}),
        ("Texte", {"fields": ["corps"], "description": AIDE_MARQUEURS}),
        ("Publication", {"fields": ["publie", "ordre", "mis_a_jour_le", "sources", "apercu"]}),
    ]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "slug", "ordre"]
    list_editable = ["ordre"]
    prepopulated_fields = {"slug": ["titre"]}


@admin.register(Question)
class QuestionAdmin(ContenuAdmin):
    list_display = ["question", "theme", "publie", "ordre", "mis_a_jour_le"]
    list_filter = ["theme", "publie"]
    list_select_related = ["theme"]
    search_fields = ["question", "reponse", "slug"]
    prepopulated_fields = {"slug": ["question"]}
    fieldsets = [
        (None, {"fields": ["question", "slug", "theme"]}),
        ("Réponse", {"fields": ["reponse"], "description": AIDE_MARQUEURS}),
        ("Publication", {"fields": ["publie", "ordre", "mis_a_jour_le", "sources", "apercu"]}),
    ]


@admin.register(Terme)
class TermeAdmin(ContenuAdmin):
    list_display = ["terme", "sigle", "slug", "publie", "mis_a_jour_le"]
    search_fields = ["terme", "sigle", "definition"]
    prepopulated_fields = {"slug": ["terme"]}
    fieldsets = [
        (None, {"fields": ["terme", "sigle", "slug"]}),
        ("Définition", {"fields": ["definition"], "description": AIDE_MARQUEURS}),
        ("Publication", {"fields": ["publie", "ordre", "mis_a_jour_le", "sources", "apercu"]}),
    ]
