from django.contrib import admin
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from config.admin_outils import EditeurAdminMixin
from config.verrou import VerrouOptimisteAdminMixin
from secteurs import marqueurs
from secteurs.admin_apercu import ApercuAdminMixin
from secteurs.models import Page, Question, Terme, Theme


def aide_marqueurs():
    """The markers' help, generated from their registry (`secteurs/marqueurs.py`)."""
    lignes = format_html_join(
        "",
        "<li><code>{}</code> : {}{}</li>",
        (
            (
                exemple,
                description,
                format_html(
                    "<ul>{}</ul>",
                    format_html_join("", "<li><code>{}=…</code> : {}</li>", arguments),
                )
                if arguments
                else " (sans argument)",
            )
            for exemple, description, arguments in marqueurs.aide()
        ),
    )
    return format_html(
        '<details class="aide-marqueurs"><summary>Marqueurs des montants du barème</summary>'
        "<p>Écrivez en Markdown (## Titre, - liste, **gras**, [lien](https://…)). Pour un montant du "
        "barème, utilisez un marqueur entre doubles accolades, en minuscules, sans espace autour de "
        "« = » ; un marqueur invalide (majuscule, espace autour de « = », accolade manquante, argument "
        "ou valeur inconnus) est refusé à l'enregistrement avec un message qui le cite.</p>"
        "<ul>{}</ul></details>",
        lignes,
    )


AIDE_MARQUEURS = lazy(aide_marqueurs, str)()


class ContenuAdmin(VerrouOptimisteAdminMixin, ApercuAdminMixin, EditeurAdminMixin, SimpleHistoryAdmin):
    list_filter = ["publie"]
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
    champs_du_texte = ["titre", "resume", "corps", "sources"]
    prepopulated_fields = {"slug": ["titre"]}
    fieldsets = [
        (None, {"fields": ["titre", "slug", "rubrique", "resume"]}),
        ("Texte", {"fields": ["corps"], "description": AIDE_MARQUEURS}),
        ("Publication", {"fields": ["publie", "ordre", "mis_a_jour_le", "sources", "apercu"]}),
    ]


@admin.register(Theme)
class ThemeAdmin(VerrouOptimisteAdminMixin, EditeurAdminMixin, SimpleHistoryAdmin):
    list_display = ["titre", "slug", "ordre"]
    list_editable = ["ordre"]
    prepopulated_fields = {"slug": ["titre"]}
    search_fields = ["titre"]

    def view_on_site(self, theme):
        return reverse("secteurs:faq")


@admin.register(Question)
class QuestionAdmin(ContenuAdmin):
    list_display = ["question", "theme", "publie", "ordre", "mis_a_jour_le"]
    list_filter = ["theme", "publie"]
    list_select_related = ["theme"]
    search_fields = ["question", "reponse", "slug", "theme__titre"]
    champs_du_texte = ["question", "reponse", "sources"]
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
    champs_du_texte = ["terme", "sigle", "definition", "sources"]
    prepopulated_fields = {"slug": ["terme"]}
    fieldsets = [
        (None, {"fields": ["terme", "sigle", "slug"]}),
        ("Définition", {"fields": ["definition"], "description": AIDE_MARQUEURS}),
        ("Publication", {"fields": ["publie", "ordre", "mis_a_jour_le", "sources", "apercu"]}),
    ]
