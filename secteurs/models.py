"""Editorial content: pages, FAQ and glossary, written in Markdown by editors.

Every public view goes through `publies()`; unpublished items are only shown to staff, as a preview.
Editors write Markdown; it is rendered and sanitised once, when they save, into a `*_html` field
next to it (`secteurs/rendu.py`). Texts may quote live figures of the barème with `{{ … }}`
markers (`secteurs/marqueurs.py`), resolved at request time.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# A text longer than this is refused (a FAQ answer is a few thousand characters).
LONGUEUR_MAX = 50_000
# Stored HTML is derived from the Markdown: never in the history (no phantom changes).
HTML_DERIVE = ["sources_html"]


def normaliser(texte):
    """An editor's text as stored: « \n » line endings, no trailing spaces, no blank edges. A form
    sent back unchanged (browsers send « \r\n ») then stores the same text: no phantom change."""
    if not isinstance(texte, str):
        return texte
    return "\n".join(
        ligne.rstrip() for ligne in texte.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ).strip()


class PublieQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)


class SlugManager(models.Manager.from_queryset(PublieQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Contenu(models.Model):
    slug = models.SlugField(
        "adresse (slug)",
        max_length=80,
        unique=True,
        help_text="Partie de l'adresse de la page, en minuscules et tirets. À ne pas changer "
        "une fois publiée : les liens existants casseraient.",
    )
    publie = models.BooleanField(
        "publié",
        default=False,
        help_text="Décoché, seul le personnel voit la page (avec un bandeau « aperçu »).",
    )
    ordre = models.PositiveIntegerField("ordre", default=0, help_text="Les plus petits d'abord.")
    mis_a_jour_le = models.DateField(
        "mis à jour le",
        default=timezone.localdate,
        help_text="Date affichée au lecteur : changez-la quand le fond du texte change.",
    )
    sources = models.TextField(
        "sources",
        blank=True,
        validators=[MaxLengthValidator(5_000)],
        help_text="En Markdown, une source par ligne de liste : « - [Titre](https://…), consulté le … ».",
    )
    sources_html = models.TextField(editable=False, blank=True)

    objects = SlugManager()

    # Markdown fields whose `{{ … }}` markers must name a real figure of the barème.
    champs_markdown = ("sources",)
    # Plain-text fields shown as they are: French spaces are put in at save.
    champs_texte = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from secteurs import rendu

        for champ in self._meta.fields:
            if isinstance(champ, (models.CharField, models.TextField)) and champ.editable:
                setattr(self, champ.attname, normaliser(getattr(self, champ.attname)))
        for champ in self.champs_markdown:
            setattr(self, f"{champ}_html", rendu.preparer(getattr(self, champ)))
        for champ in self.champs_texte:
            setattr(self, champ, rendu.typographie_texte(getattr(self, champ)))
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        from secteurs import marqueurs, rendu
        from simulateur import baremes

        try:
            bareme = baremes.bareme_du(baremes.aujourdhui())
        except baremes.HorsPlage:
            bareme = None
        # Exactly the HTML the renderer will see: a marker hidden behind entities shows here.
        erreurs = {
            champ: marqueurs.erreurs(rendu.preparer(getattr(self, champ)), bareme)
            for champ in self.champs_markdown
            if len(getattr(self, champ) or "") <= LONGUEUR_MAX
        }
        # Titles, summaries, questions and terms are shown as typed: a marker would reach readers raw.
        for champ in self.champs_texte:
            if "{{" in (getattr(self, champ) or "") or "}}" in (getattr(self, champ) or ""):
                erreurs[champ] = [
                    "Les marqueurs « {{ … }} » ne sont calculés que dans le texte en Markdown : ce champ "
                    "est affiché tel quel. Écrivez le montant dans le texte, ou retirez les accolades."
                ]
        erreurs = {champ: messages for champ, messages in erreurs.items() if messages}
        if erreurs:
            raise ValidationError(erreurs)


class Page(Contenu):
    class Rubrique(models.TextChoices):
        SECTEUR = "secteur", "Comprendre les secteurs"
        GUIDE = "guide", "Guide pratique"
        SITE = "site", "Informations sur le site"

    rubrique = models.CharField("rubrique", max_length=20, choices=Rubrique.choices)
    titre = models.CharField("titre", max_length=200)
    resume = models.CharField(
        "résumé",
        max_length=300,
        help_text="Une ou deux phrases : affiché dans les listes et comme description pour les "
        "moteurs de recherche.",
    )
    corps = models.TextField(
        "texte",
        validators=[MaxLengthValidator(LONGUEUR_MAX)],
        help_text="En Markdown. Les montants du barème s'écrivent entre doubles accolades, "
        "par exemple {{ pf }} ou {{ tarif medecin=generaliste }} : voir l'aide de la page.",
    )
    corps_html = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=[*HTML_DERIVE, "corps_html"])
    champs_markdown = ("corps", "sources")
    champs_texte = ("titre", "resume")

    class Meta:
        verbose_name = "page"
        verbose_name_plural = "pages"
        ordering = ["rubrique", "ordre", "titre"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        if self.rubrique == self.Rubrique.SECTEUR:
            return reverse("secteurs:secteur", args=[self.slug])
        if self.slug == "glossaire":
            return reverse("secteurs:glossaire")
        return reverse("secteurs:page", args=[self.slug])


class Theme(models.Model):
    slug = models.SlugField("adresse (slug)", max_length=80, unique=True)
    titre = models.CharField("titre", max_length=120)
    ordre = models.PositiveIntegerField("ordre", default=0)
    history = HistoricalRecords()

    objects = SlugManager()

    class Meta:
        verbose_name = "thème de la FAQ"
        verbose_name_plural = "thèmes de la FAQ"
        ordering = ["ordre", "titre"]

    def __str__(self):
        return self.titre

    def natural_key(self):
        return (self.slug,)


class Question(Contenu):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name="thème")
    question = models.CharField("question", max_length=250, help_text="Telle qu'un patient la pose.")
    reponse = models.TextField(
        "réponse",
        validators=[MaxLengthValidator(LONGUEUR_MAX)],
        help_text="En Markdown. Commencez par la réponse courte ; les montants entre doubles "
        "accolades viennent du barème.",
    )
    reponse_html = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=[*HTML_DERIVE, "reponse_html"])
    champs_markdown = ("reponse", "sources")
    champs_texte = ("question",)

    class Meta:
        verbose_name = "question fréquente"
        verbose_name_plural = "questions fréquentes"
        ordering = ["theme__ordre", "ordre", "question"]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("secteurs:question", args=[self.slug])


def cle_alphabetique(texte):
    """French dictionary order: letters first, accents, case and punctuation ignored; then, for
    words equal at that level, the unaccented before the accented (« cote » < « côte »)."""
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    lettres = "".join(c for c in decompose if c.isalnum())
    return (lettres, decompose, texte)


class Terme(Contenu):
    terme = models.CharField("terme", max_length=120)
    sigle = models.CharField("sigle", max_length=20, blank=True)
    definition = models.TextField(
        "définition", validators=[MaxLengthValidator(5_000)], help_text="En Markdown, deux ou trois phrases."
    )
    definition_html = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=[*HTML_DERIVE, "definition_html"])
    champs_markdown = ("definition", "sources")
    champs_texte = ("terme",)

    class Meta:
        verbose_name = "terme du glossaire"
        verbose_name_plural = "glossaire"
        ordering = ["terme"]

    def __str__(self):
        return self.terme

    def get_absolute_url(self):
        return reverse("secteurs:glossaire") + f"#{self.slug}"


class ChargementInitial(models.Model):
    """A natural key that `charger_contenu` once loaded from fixtures/: it never loads it again,
    so a row an editor deleted or renamed is never brought back (issue 11)."""

    modele = models.CharField("modèle", max_length=100)
    cle = models.CharField("clé naturelle", max_length=500)
    charge_le = models.DateTimeField("chargée le", auto_now_add=True)

    class Meta:
        verbose_name = "clé chargée du contenu initial"
        verbose_name_plural = "clés chargées du contenu initial"
        constraints = [models.UniqueConstraint(fields=["modele", "cle"], name="chargement_initial_unique")]

    def __str__(self):
        return f"{self.modele} {self.cle}"
