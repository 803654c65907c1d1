"""The dated barème: every figure the simulator uses is a row with a period and a source.

Adding « from 1 January 2027 the G is 31 € » is one new row (and an end date on the old one);
the site switches on that date. `clean()` refuses overlapping periods for the same key and
impossible values; django-simple-history keeps every change with its author.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from simulateur import affichage, calcul

# No figure of the barème reaches the highest fees the simulator accepts (`contrat.HONORAIRES_MAX`,
# which imports this module): a bound against a misplaced comma, not a figure.
VALEUR_MAX = Decimal("9999.99")
VALIDATEURS_VALEUR = [MinValueValidator(0), MaxValueValidator(VALEUR_MAX)]


class MedecinManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Medecin(models.Model):
    slug = models.SlugField(
        "identifiant",
        max_length=40,
        unique=True,
        help_text="Valeur envoyée par le formulaire du simulateur (ex. « generaliste »). "
        "Ne pas la changer : des liens et des textes l'utilisent.",
    )
    libelle = models.CharField("libellé", max_length=80, help_text="Ex. « Médecin généraliste ».")
    specialiste = models.BooleanField(
        "spécialiste",
        default=True,
        help_text="Décoché pour la médecine générale.",
    )
    acces_direct = models.BooleanField(
        "accès direct",
        default=False,
        help_text="Consultable sans passer par le médecin traitant sans baisse de remboursement "
        "(art. D162-1-7 du code de la sécurité sociale).",
    )
    acces_direct_age_min = models.PositiveSmallIntegerField(
        "accès direct à partir de (ans)", null=True, blank=True
    )
    acces_direct_age_max = models.PositiveSmallIntegerField(
        "accès direct avant (ans)",
        null=True,
        blank=True,
        help_text="Âge exclu : 26 veut dire « jusqu'à 25 ans inclus ».",
    )
    ordre = models.PositiveSmallIntegerField("ordre dans le formulaire", default=0)
    history = HistoricalRecords()

    objects = MedecinManager()

    class Meta:
        verbose_name = "type de médecin"
        verbose_name_plural = "types de médecins"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle

    def natural_key(self):
        return (self.slug,)

    def en_calcul(self):
        return calcul.Medecin(
            slug=self.slug,
            libelle=self.libelle,
            specialiste=self.specialiste,
            acces_direct=self.acces_direct,
            acces_direct_age_min=self.acces_direct_age_min,
            acces_direct_age_max=self.acces_direct_age_max,
        )


class LigneDatee(models.Model):
    """A value in force from `debut` to `fin` (both included), with its source."""

    debut = models.DateField("en vigueur du", help_text="Premier jour d'application.")
    fin = models.DateField(
        "jusqu'au",
        null=True,
        blank=True,
        help_text="Dernier jour d'application, inclus. Vide : toujours en vigueur.",
    )
    source_url = models.URLField(
        "source",
        max_length=500,
        help_text="Texte officiel de préférence (Légifrance, ameli, service-public).",
    )
    note = models.CharField(
        "note",
        max_length=300,
        blank=True,
        help_text="Ce que l'on sait de la fiabilité de la valeur, ou d'où elle est déduite.",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True

    # Fields that, together, say "the same figure": two rows with the same key may not overlap.
    cle = ()

    def clean(self):
        super().clean()
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La fin de validité ne peut pas précéder son début."})
        if self.debut and all(getattr(self, nom) is not None for nom in self.cle):
            chevauchants = self.chevauchements()
            if chevauchants:
                autre = chevauchants[0]
                raise ValidationError(
                    "Cette période chevauche une autre ligne pour la même valeur "
                    f"({autre} du {affichage.date_fr(autre.debut)}"
                    + (f" au {affichage.date_fr(autre.fin)}" if autre.fin else ", sans fin")
                    + ") : terminez d'abord l'ancienne ligne (champ « jusqu'au »)."
                )

    def chevauchements(self):
        lignes = type(self).objects.filter(**{nom: getattr(self, nom) for nom in self.cle})
        if self.pk:
            lignes = lignes.exclude(pk=self.pk)
        # Rows this one takes over from: the admin ends them the day before, in the same save.
        lignes = lignes.exclude(pk__in=getattr(self, "relayees", ()))
        lignes = lignes.filter(Q(fin__isnull=True) | Q(fin__gte=self.debut))
        if self.fin:
            lignes = lignes.filter(debut__lte=self.fin)
        return [ligne for ligne in lignes if self.chevauche_aussi(ligne)]

    def chevauche_aussi(self, autre):
        return True

    def source(self):
        return calcul.Source(url=self.source_url, note=self.note)


class LigneDateeQuerySet(models.QuerySet):
    def en_vigueur(self, date):
        return self.filter(Q(fin__isnull=True) | Q(fin__gte=date), debut__lte=date)


class TarifQuerySet(LigneDateeQuerySet):
    def get_by_natural_key(self, medecin, categorie, parcours, age_min, debut, acte=calcul.Acte.CONSULTATION):
        return self.get(
            medecin__slug=medecin,
            acte=acte,
            categorie=categorie,
            parcours=parcours,
            age_min=age_min,
            debut=debut,
        )


class ParametreQuerySet(LigneDateeQuerySet):
    def get_by_natural_key(self, code, debut):
        return self.get(code=code, debut=debut)


class Tarif(LigneDatee):
    class Categorie(models.TextChoices):
        OPPOSABLE = calcul.Categorie.OPPOSABLE, "Tarif conventionnel (secteur 1, OPTAM)"
        SECTEUR2 = calcul.Categorie.SECTEUR2, "Base secteur 2 sans OPTAM (avec dépassement)"
        AUTORITE = calcul.Categorie.AUTORITE, "Tarif d'autorité (non conventionné)"

    class Parcours(models.TextChoices):
        TOUS = calcul.Parcours.TOUS, "Dans et hors parcours"
        DANS = calcul.Parcours.DANS, "Dans le parcours de soins"
        HORS = calcul.Parcours.HORS, "Hors parcours de soins"

    medecin = models.ForeignKey(Medecin, on_delete=models.PROTECT, verbose_name="médecin")
    acte = models.CharField(
        "acte",
        max_length=40,
        default=calcul.Acte.CONSULTATION,
        help_text="« consultation » au cabinet ; « teleconsultation » ou « visite » pour les tarifs "
        "propres à ces lieux ; sinon l'identifiant d'un acte du barème (consultation-longue…).",
    )
    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    parcours = models.CharField(
        "parcours",
        max_length=10,
        choices=Parcours.choices,
        default=Parcours.TOUS,
        help_text="Un spécialiste vu hors parcours facture sans la majoration de coordination "
        "(MCS) : il a sa propre ligne « hors parcours ».",
    )
    age_min = models.PositiveSmallIntegerField("à partir de (ans)", default=0)
    age_max = models.PositiveSmallIntegerField(
        "avant (ans)",
        null=True,
        blank=True,
        help_text="Âge exclu : 6 veut dire « moins de 6 ans ». Vide : sans limite.",
    )
    montant = models.DecimalField(
        "montant (€)",
        max_digits=7,
        decimal_places=2,
        validators=VALIDATEURS_VALEUR,
        help_text="Total vu par le patient, majorations comprises (ex. CS + MCS).",
    )
    code = models.CharField("code(s)", max_length=40, help_text="Ex. « G », « G + MEG », « CS + MCS ».")
    history = HistoricalRecords()

    objects = TarifQuerySet.as_manager()

    cle = ("medecin_id", "acte", "categorie")

    class Meta:
        verbose_name = "tarif de consultation"
        verbose_name_plural = "tarifs de consultation"
        ordering = ["medecin__ordre", "acte", "categorie", "age_min", "parcours", "-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="tarif_fin_apres_debut",
            ),
            models.CheckConstraint(condition=Q(montant__gte=0), name="tarif_montant_positif"),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__gt=models.F("age_min")),
                name="tarif_tranche_age_valide",
            ),
            models.UniqueConstraint(
                fields=["medecin", "acte", "categorie", "parcours", "age_min", "debut"],
                name="tarif_unique_par_acte",
            ),
        ]

    def __str__(self):
        montant = affichage.euros(self.montant)
        return f"{self.medecin} · {self.get_categorie_display()} · {self.tranche()} · {montant}"

    def tranche(self):
        if self.age_max is None:
            return "tous âges" if self.age_min == 0 else f"{self.age_min} ans et plus"
        if self.age_min == 0:
            return f"moins de {self.age_max} ans"
        return f"de {self.age_min} à {self.age_max - 1} ans"

    def natural_key(self):
        cle = (self.medecin.slug, self.categorie, self.parcours, self.age_min, self.debut.isoformat())
        return cle if self.acte == calcul.Acte.CONSULTATION else (*cle, self.acte)

    def clean(self):
        if self.age_max is not None and self.age_max <= self.age_min:
            raise ValidationError({"age_max": "L'âge limite doit être supérieur à l'âge de début."})
        super().clean()

    def chevauche_aussi(self, autre):
        # Same doctor and category overlap only if their age bands and parcours variants do.
        parcours_communs = Tarif.Parcours.TOUS in (self.parcours, autre.parcours) or (
            self.parcours == autre.parcours
        )
        fin_a = self.age_max if self.age_max is not None else 10_000
        fin_b = autre.age_max if autre.age_max is not None else 10_000
        return parcours_communs and self.age_min < fin_b and autre.age_min < fin_a

    def en_calcul(self):
        return calcul.LigneTarif(
            medecin=self.medecin.slug,
            categorie=self.categorie,
            parcours=self.parcours,
            age_min=self.age_min,
            age_max=self.age_max,
            montant=self.montant,
            code=self.code,
            debut=self.debut,
            fin=self.fin,
            source=self.source(),
            acte=self.acte,
        )


class Parametre(LigneDatee):
    class Code(models.TextChoices):
        PARTICIPATION_FORFAITAIRE = "participation-forfaitaire", "Participation forfaitaire"
        PF_PLAFOND_ANNUEL = "pf-plafond-annuel", "Plafond annuel des participations forfaitaires"
        PF_MAX_PAR_JOUR = "pf-max-par-jour", "Participations forfaitaires par jour et par médecin (nombre)"
        FRANCHISE_MEDICALE = "franchise-medicale", "Franchise médicale (médicaments, par boîte)"
        TAUX_AMO = "taux-amo", "Taux de remboursement de l'Assurance Maladie"
        MAJORATION_HORS_PARCOURS = "majoration-hors-parcours", "Baisse hors parcours de soins (points)"
        TAUX_ALD = "taux-ald", "Taux en affection de longue durée"
        TAUX_MATERNITE = "taux-maternite", "Taux pendant l'assurance maternité"
        TAUX_ALSACE_MOSELLE = "taux-alsace-moselle", "Taux du régime local d'Alsace-Moselle"
        AGE_PARCOURS = "age-parcours", "Âge à partir duquel le parcours de soins s'applique"
        AGE_EXONERATION_PF = "age-exoneration-pf", "Âge à partir duquel la participation est due"
        PLAFOND_DEPASSEMENT_DPTAM = (
            "plafond-depassement-dptam",
            "Contrat responsable : dépassement couvert au plus, hors OPTAM (% BR)",
        )
        ECART_DPTAM_OPTAM = "ecart-dptam-optam", "Contrat responsable : écart minimal OPTAM / hors OPTAM"
        SEUIL_INFORMATION_ECRITE = "seuil-information-ecrite", "Seuil de l'information écrite préalable"
        DEPASSEMENT_AUTORISE = "depassement-autorise", "Dépassement autorisé (DA) hors parcours, au plus"
        TAUX_EXONERE = "taux-exonere", "Taux des actes exonérés du ticket modérateur (examens obligatoires)"

    class Unite(models.TextChoices):
        EURO = "euro", "euros"
        POURCENT = "pourcent", "pour cent"
        NOMBRE = "nombre", "nombre (ou âge en années)"

    # Rates that are differences between two rates: shown as « 40 points », never as « 40 % ».
    EN_POINTS = frozenset({Code.MAJORATION_HORS_PARCOURS, Code.ECART_DPTAM_OPTAM})

    code = models.CharField("paramètre", max_length=40, choices=Code.choices)
    valeur = models.DecimalField("valeur", max_digits=7, decimal_places=2, validators=VALIDATEURS_VALEUR)
    unite = models.CharField("unité", max_length=10, choices=Unite.choices)
    history = HistoricalRecords()

    objects = ParametreQuerySet.as_manager()

    cle = ("code",)

    class Meta:
        verbose_name = "paramètre daté"
        verbose_name_plural = "paramètres datés"
        ordering = ["code", "-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="parametre_fin_apres_debut",
            ),
            models.CheckConstraint(condition=Q(valeur__gte=0), name="parametre_valeur_positive"),
            models.CheckConstraint(
                condition=~Q(unite="pourcent") | Q(valeur__lte=100),
                name="parametre_taux_au_plus_100",
            ),
            models.UniqueConstraint(fields=["code", "debut"], name="parametre_unique"),
        ]

    def __str__(self):
        return self.get_code_display()

    @property
    def en_points(self):
        return self.code in self.EN_POINTS

    def natural_key(self):
        return (self.code, self.debut.isoformat())

    def clean(self):
        if self.unite == self.Unite.POURCENT and self.valeur is not None and self.valeur > 100:
            raise ValidationError({"valeur": "Un taux s'exprime entre 0 et 100 %."})
        super().clean()

    def en_calcul(self):
        return calcul.Parametre(
            code=self.code,
            valeur=self.valeur,
            unite=self.unite,
            debut=self.debut,
            fin=self.fin,
            source=self.source(),
        )


class ActeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Acte(models.Model):
    """A kind of act the patient may choose in the simulator, with the rules that come with it.

    Its tariffs are `Tarif` rows whose `acte` is this slug; it is offered for the doctors and ages
    those rows cover, on their dates."""

    slug = models.SlugField(
        "identifiant",
        max_length=40,
        unique=True,
        help_text="Valeur envoyée par le simulateur (champ « acte »), ex. « consultation-longue ».",
    )
    libelle = models.CharField("libellé", max_length=120, help_text="Tel que le patient le lit.")
    aide = models.CharField("aide", max_length=300, blank=True, help_text="Pour qui, dans quels cas.")
    tarif_opposable_seul = models.BooleanField(
        "au tarif conventionnel seulement",
        default=False,
        help_text="Aucun dépassement permis, quel que soit le secteur (ex. consultation longue).",
    )
    dans_le_parcours_seulement = models.BooleanField(
        "demandé par le médecin traitant",
        default=False,
        help_text="Acte du parcours de soins : sans objet hors parcours (ex. avis ponctuel de consultant).",
    )
    exonere = models.BooleanField(
        "pris en charge à 100 %",
        default=False,
        help_text="Sans ticket modérateur (ex. examens obligatoires de l'enfant) : taux « taux-exonere ».",
    )
    note = models.CharField(
        "note pour le patient", max_length=400, blank=True, help_text="Affichée sous le résultat."
    )
    source_url = models.URLField("source", max_length=500, blank=True)
    ordre = models.PositiveSmallIntegerField("ordre dans le formulaire", default=0)
    history = HistoricalRecords()

    objects = ActeManager()

    class Meta:
        verbose_name = "acte"
        verbose_name_plural = "actes"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle

    def natural_key(self):
        return (self.slug,)

    def en_calcul(self):
        return calcul.InfoActe(
            slug=self.slug,
            libelle=self.libelle,
            tarif_opposable_seul=self.tarif_opposable_seul,
            dans_le_parcours_seulement=self.dans_le_parcours_seulement,
            exonere=self.exonere,
            note=self.note,
        )


class MajorationQuerySet(LigneDateeQuerySet):
    def get_by_natural_key(self, code, debut):
        return self.get(code=code, debut=debut)


class Majoration(LigneDatee):
    """An amount added to the tariff at some hours or places, reimbursed like the tariff."""

    class Horaire(models.TextChoices):
        TOUS = "", "À toute heure"
        SOIR = calcul.Horaire.SOIR, "Soir (20 h - 24 h, 6 h - 8 h)"
        NUIT = calcul.Horaire.NUIT, "Nuit (0 h - 6 h)"
        DIMANCHE = calcul.Horaire.DIMANCHE, "Dimanche ou jour férié"
        HORS_JOUR = calcul.Horaire.HORS_JOUR, "Soir, nuit, dimanche ou jour férié"

    class Lieu(models.TextChoices):
        TOUS = "", "Partout"
        CABINET = calcul.Lieu.CABINET, "Au cabinet"
        TELECONSULTATION = calcul.Lieu.TELECONSULTATION, "En téléconsultation"
        DOMICILE = calcul.Lieu.DOMICILE, "À domicile"

    class Regulation(models.TextChoices):
        TOUS = "", "Régulée ou non"
        OUI = "oui", "Seulement régulée (15, SAS, permanence des soins) ou urgence vraie"
        NON = "non", "Seulement sans régulation"

    code = models.CharField("code", max_length=20, help_text="Ex. « MN », « F », « MD ».")
    libelle = models.CharField(
        "libellé", max_length=200, help_text="Ex. « Majoration de nuit (20 h - 24 h) »."
    )
    montant = models.DecimalField(
        "montant (€)", max_digits=7, decimal_places=2, validators=VALIDATEURS_VALEUR
    )
    horaire = models.CharField("horaire", max_length=10, choices=Horaire.choices, blank=True, default="")
    lieu = models.CharField("lieu", max_length=20, choices=Lieu.choices, blank=True, default="")
    regulation = models.CharField(
        "régulation", max_length=3, choices=Regulation.choices, blank=True, default=""
    )
    visite_justifiee = models.BooleanField(
        "visite médicalement justifiée seulement",
        default=False,
        help_text="Pour la majoration de déplacement (MD) : le patient ne peut pas se déplacer.",
    )
    medecin = models.ForeignKey(
        Medecin,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="médecin",
        help_text="Vide : tous les médecins.",
    )
    history = HistoricalRecords()

    objects = MajorationQuerySet.as_manager()

    cle = ("code",)

    class Meta:
        verbose_name = "majoration"
        verbose_name_plural = "majorations"
        ordering = ["code", "-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="majoration_fin_apres_debut",
            ),
            models.CheckConstraint(condition=Q(montant__gte=0), name="majoration_montant_positif"),
            models.UniqueConstraint(fields=["code", "debut"], name="majoration_unique"),
        ]

    def __str__(self):
        return f"{self.code} · {self.libelle}"

    def natural_key(self):
        return (self.code, self.debut.isoformat())

    def en_calcul(self):
        return calcul.Majoration(
            code=self.code,
            libelle=self.libelle,
            montant=self.montant,
            horaire=self.horaire,
            lieu=self.lieu,
            regulee={"oui": True, "non": False}.get(self.regulation),
            visite_justifiee=self.visite_justifiee,
            medecin=self.medecin.slug if self.medecin_id else "",
            debut=self.debut,
            fin=self.fin,
            source=self.source(),
        )
