"""What every editor's admin page shares, kept apart from the ModelAdmin classes that mix it in.

- the history says why (« ajouté dans l'admin », « modifié dans l'admin », « rétabli … »), in
  French, with full, line-by-line diffs (no « [1669 chars] » cut);
- deleted rows are listed and restored from the interface (« Lignes supprimées », « Rétablir »);
- search ignores accents and case on both sides (« securite » finds « Sécurité »), the same on
  SQLite and PostgreSQL: the tables an editor searches hold a few hundred rows, compared in Python;
- a small script warns before leaving a form with unsaved changes; a stylesheet keeps lists and
  their actions usable on a 390 px phone;
- « Voir sur le site » on each row that appears on the site.
"""

import difflib
import unicodedata

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.template_utils import HistoricalRecordContextHelper

RAISON_AJOUT = "ajouté dans l'admin"
RAISON_MODIFICATION = "modifié dans l'admin"
RAISON_SUPPRESSION = "supprimé dans l'admin"
RAISON_RETABLI = "rétabli (version du {date})"
# A history page lists at most this many deleted rows (the most recent first).
SUPPRIMEES_MAX = 200


def sans_accents(texte):
    """« Sécurité » -> « securite »: what accent- and case-insensitive search compares."""
    decompose = unicodedata.normalize("NFKD", str(texte).casefold())
    return "".join(c for c in decompose if not unicodedata.combining(c))


def valeur_chemin(objet, chemin):
    for nom in chemin.split("__"):
        objet = getattr(objet, nom, None)
        if objet is None:
            return ""
    return objet


class Differences(HistoricalRecordContextHelper):
    """Every change in full; a multi-line text shows only its changed lines, in context."""

    def context_for_delta_changes(self, delta):
        lignes = []
        for change in delta.changes:
            champ = self.model._meta.get_field(change.field)
            ancien, nouveau = ("" if v is None else str(v) for v in (change.old, change.new))
            if getattr(champ, "choices", None):
                choix = dict(champ.flatchoices)
                ancien, nouveau = (str(choix.get(v, v)) for v in (change.old, change.new))
            if "\n" in ancien or "\n" in nouveau:
                diff = [
                    (ligne[0], ligne[1:])
                    for ligne in difflib.unified_diff(
                        ancien.splitlines(), nouveau.splitlines(), n=1, lineterm=""
                    )
                    if not ligne.startswith(("---", "+++", "@@"))
                ]
                lignes.append({"field": capfirst(champ.verbose_name), "diff": diff})
            else:
                lignes.append(
                    {
                        "field": capfirst(champ.verbose_name),
                        "old": ancien or "(vide)",
                        "new": nouveau or "(vide)",
                    }
                )
        return lignes


class EditeurAdminMixin:
    """Mixed into each editor's ModelAdmin (with simple_history's SimpleHistoryAdmin)."""

    object_history_list_template = "simple_history/object_history_list.html"
    change_list_template = "admin/outils/change_list.html"
    lien_sur_le_site = True

    class Media:
        js = ["admin_outils/avant_de_partir.js"]
        css = {"all": ["admin_outils/admin.css"]}

    # --- History -------------------------------------------------------------------------------

    def get_historical_record_context_helper(self, request, historical_record):
        return Differences(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        correspondance = getattr(request, "resolver_match", None)
        if correspondance and correspondance.url_name and correspondance.url_name.endswith("_simple_history"):
            version = self.model.history.filter(history_id=correspondance.kwargs.get("version_id")).first()
            date = version.history_date.strftime("%d/%m/%Y %H:%M") if version else "?"
            obj._change_reason = RAISON_RETABLI.format(date=date)
        else:
            obj._change_reason = RAISON_MODIFICATION if change else RAISON_AJOUT
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = RAISON_SUPPRESSION
        obj._history_user = request.user
        super().delete_model(request, obj)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "supprimees/",
                self.admin_site.admin_view(self.vue_supprimees),
                name=f"{opts.app_label}_{opts.model_name}_supprimees",
            ),
            *super().get_urls(),
        ]

    def vue_supprimees(self, request):
        """The rows deleted and not restored, each with a « Rétablir » link to its last version."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        historique = self.model.history
        existants = set(self.model.objects.values_list("pk", flat=True))
        vues, lignes = set(), []
        for suppression in historique.filter(history_type="-").order_by("-history_date")[
            : SUPPRIMEES_MAX * 5
        ]:
            if suppression.id in existants or suppression.id in vues:
                continue
            vues.add(suppression.id)
            derniere = (
                historique.filter(id=suppression.id)
                .exclude(history_type="-")
                .order_by("-history_date")
                .first()
                or suppression
            )
            opts = self.model._meta
            lignes.append(
                {
                    "objet": suppression.instance,
                    "supprime_le": suppression.history_date,
                    "par": suppression.history_user,
                    "retablir": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                        args=[suppression.id, derniere.history_id],
                    ),
                }
            )
            if len(lignes) >= SUPPRIMEES_MAX:
                break
        contexte = {
            **self.admin_site.each_context(request),
            "title": f"{capfirst(self.model._meta.verbose_name_plural)} supprimé(e)s",
            "opts": self.model._meta,
            "lignes": lignes,
        }
        return TemplateResponse(request, "admin/outils/supprimees.html", contexte)

    # --- Search without accents ----------------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        mots = sans_accents(search_term).split()
        champs = [champ.lstrip("^=@") for champ in self.get_search_fields(request)]
        if not mots or not champs:
            return super().get_search_results(request, queryset, search_term)
        related = [c.rsplit("__", 1)[0] for c in champs if "__" in c]
        trouves = [
            objet.pk
            for objet in (queryset.select_related(*related) if related else queryset)
            if all(m in sans_accents(" ".join(str(valeur_chemin(objet, c)) for c in champs)) for m in mots)
        ]
        return queryset.filter(pk__in=trouves), False

    # --- On the site ---------------------------------------------------------------------------

    @admin.display(description="sur le site")
    def voir_sur_le_site(self, objet):
        url = self.get_view_on_site_url(objet)
        if not url:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">Voir sur le site</a>', url)

    def get_list_display(self, request):
        liste = list(super().get_list_display(request))
        if self.lien_sur_le_site and "voir_sur_le_site" not in liste:
            liste.append("voir_sur_le_site")
        return liste
