"""Editors' tools for texts, kept apart from the ModelAdmin classes that mix them in.

- « Prévisualiser »: the change form, unsaved, POSTed to an admin-only view that renders the public
  template with the edited text (Markdown and markers computed as at save); nothing is saved and
  readers keep seeing the published text;
- « Mis à jour le » follows a real change of the text unless the editor sets it;
- « Voir sur le site » in each row of the lists.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from secteurs import rendu
from secteurs.models import Page, Question, Terme, normaliser


def gabarit_public(objet):
    """The public template and context of a text, as its own page shows it."""
    if isinstance(objet, Question):
        return "secteurs/question.html", {
            "question": objet,
            "voisines": [],
            "fil": [("Questions fréquentes", reverse("secteurs:faq"))],
        }
    if isinstance(objet, Terme):
        termes = [objet if t.pk == objet.pk else t for t in Terme.objects.all()]
        if objet.pk is None:
            termes.append(objet)
        return "secteurs/glossaire.html", {
            "page": Page.objects.filter(slug="glossaire").first(),
            "termes": termes,
        }
    fil = (
        [("Comprendre les secteurs", reverse("secteurs:liste"))]
        if objet.rubrique == Page.Rubrique.SECTEUR
        else []
    )
    return "secteurs/page.html", {"page": objet, "autres": [], "fil": fil}


class ApercuAdminMixin:
    """« Prévisualiser » on the change form of a text, and « Mis à jour le » kept current."""

    change_form_template = "admin/secteurs/contenu_change_form.html"
    # Fields whose change means the text changed for the reader.
    champs_du_texte = ()

    def get_urls(self):
        opts = self.model._meta
        nom = f"{opts.app_label}_{opts.model_name}_previsualiser"
        vue = self.admin_site.admin_view(self.vue_previsualiser)
        return [
            path("previsualiser/", vue, name=nom),
            path("<path:object_id>/previsualiser/", vue, name=nom),
            *super().get_urls(),
        ]

    def vue_previsualiser(self, request, object_id=None):
        if request.method != "POST":
            raise PermissionDenied
        objet = get_object_or_404(self.model, pk=object_id) if object_id else None
        if not (self.has_change_permission(request, objet) if objet else self.has_add_permission(request)):
            raise PermissionDenied
        formulaire = self.get_form(request, objet)(request.POST, instance=objet)
        valide = formulaire.is_valid()  # fills formulaire.instance, a copy never saved here
        apercu = formulaire.instance
        for champ in apercu.champs_markdown:
            setattr(apercu, f"{champ}_html", rendu.preparer(normaliser(getattr(apercu, champ) or "")))
        gabarit, contexte = gabarit_public(apercu)
        contexte.update(
            apercu_non_enregistre=True,
            erreurs_apercu=[]
            if valide
            else [f"{champ} : {' '.join(e)}" for champ, e in formulaire.errors.items()],
        )
        reponse = TemplateResponse(request, gabarit, contexte)
        reponse["Cache-Control"] = "no-store"
        reponse["X-Robots-Tag"] = "noindex"
        return reponse

    actions = ["publier", "depublier"]

    def _publication(self, request, queryset, publie, raison):
        # One save per text (not `update()`): each change is in the history and refreshes the cache.
        nombre = 0
        for objet in queryset.filter(publie=not publie):
            objet.publie = publie
            objet._change_reason = raison
            objet._history_user = request.user
            objet.save()
            nombre += 1
        self.message_user(request, f"{nombre} texte(s) {raison.split()[0]}(s).", messages.SUCCESS)

    @admin.action(description="Publier les textes cochés", permissions=["change"])
    def publier(self, request, queryset):
        self._publication(request, queryset, True, "publié dans l'admin")

    @admin.action(description="Dépublier les textes cochés", permissions=["change"])
    def depublier(self, request, queryset):
        self._publication(request, queryset, False, "dépublié dans l'admin")

    def save_model(self, request, obj, form, change):
        # « Mis à jour le » follows a real change of the text (not a new line ending or a trailing
        # space), unless the editor set the date themselves.
        # (The stored date, not `form.changed_data`: a field with a callable default compares with
        # a hidden initial value that a script or a test may not send.)
        avant = type(obj).objects.filter(pk=obj.pk).values("mis_a_jour_le", *self.champs_du_texte).first()
        date_inchangee = change and avant and avant["mis_a_jour_le"] == obj.mis_a_jour_le
        if date_inchangee and any(
            normaliser(avant[c] or "") != normaliser(getattr(obj, c) or "") for c in self.champs_du_texte
        ):
            obj.mis_a_jour_le = timezone.localdate()
        super().save_model(request, obj, form, change)
