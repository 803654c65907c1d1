"""The Assurance Maladie's open directory, one edition at a time.

An import writes a new `Edition` and switches the active one at the very end, in one
transaction: until then, and if it fails, the previous edition is served. Only doctors are
kept, one row per name, first name and place, with only what the pages show (no telephone, no
street: data minimisation). People on the objection list never enter an edition.
"""

from urllib.parse import urlencode

from django.db import models, transaction
from django.urls import reverse
from simple_history.models import HistoricalRecords

from annuaire import codes
from simulateur import calcul, contrat


class EditionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True).first()


class Edition(models.Model):
    date = models.DateField(
        "date de l'édition", help_text="Date de génération du fichier par l'Assurance Maladie."
    )
    source = models.CharField("source", max_length=500, help_text="Adresse ou nom du fichier importé.")
    importee_le = models.DateTimeField("importée le", auto_now_add=True)
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)
    lignes = models.PositiveIntegerField("lignes lues", default=0)
    lignes_medecins = models.PositiveIntegerField("lignes de médecins", default=0)
    medecins = models.PositiveIntegerField("médecins (nom, prénom et lieu)", default=0)
    retires = models.PositiveIntegerField("retirés à leur demande", default=0)
    fictive = models.BooleanField(
        "fictive", default=False, help_text="Fichier de démonstration : noms inventés."
    )
    active = models.BooleanField("servie sur le site", default=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "édition de l'annuaire"
        verbose_name_plural = "éditions de l'annuaire"
        ordering = ["-importee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="une_seule_edition_active"
            )
        ]

    def __str__(self):
        return f"Édition du {self.date:%d/%m/%Y}{' (fictive)' if self.fictive else ''}"


class Medecin(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    nom = models.CharField(max_length=200)
    prenom = models.CharField(max_length=200)
    civilite = models.CharField(max_length=20, blank=True)
    specialites = models.CharField(max_length=500, help_text="Libellés de l'annuaire, séparés par « , ».")
    type_medecin = models.CharField(max_length=40, help_text="Valeur `medecin` du simulateur.")
    secteur = models.CharField(max_length=10, help_text="Valeur `secteur` du simulateur.")
    option = models.CharField(max_length=20, blank=True, help_text="OPTAM, OPTAM-ACO ou vide.")
    carte_vitale = models.BooleanField(null=True)
    code_postal = models.CharField(max_length=10)
    ville = models.CharField(max_length=200)
    # Normalised (lower case, no accents) for search and ranking.
    nom_normalise = models.CharField(max_length=200)
    nom_complet = models.CharField(max_length=400, help_text="« nom prénom », normalisé.")
    ville_normalisee = models.CharField(max_length=200)

    class Meta:
        verbose_name = "médecin"
        indexes = [
            models.Index(fields=["edition", "nom_normalise"], name="annuaire_medecin_nom"),
            models.Index(fields=["edition", "ville_normalisee"], name="annuaire_medecin_ville"),
            models.Index(fields=["edition", "code_postal"], name="annuaire_medecin_cp"),
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom}"

    @property
    def info_secteur(self):
        return contrat.SECTEURS_PAR_VALEUR.get(self.secteur)

    @property
    def secteur_simule(self):
        """The simulator's sector: a droit permanent à dépassement with OPTAM is reimbursed as an
        OPTAM doctor (convention of 2016, OPTAM open to them)."""
        if self.secteur == calcul.Secteur.S1_DP and self.option:
            return calcul.Secteur.S2_OPTAM
        return self.secteur

    def parametres_simulateur(self):
        return urlencode({"medecin": self.type_medecin, "secteur": self.secteur_simule, "source": "annuaire"})

    def lien_simulateur(self):
        return f"{reverse('simulateur:simulateur')}?{self.parametres_simulateur()}"


class Opposition(models.Model):
    """A person who asked not to appear (RGPD art. 21): never imported again."""

    nom = models.CharField("nom", max_length=200)
    prenom = models.CharField("prénom", max_length=200)
    code_postal = models.CharField(
        "code postal", max_length=10, blank=True, help_text="Facultatif : seulement ce lieu d'exercice."
    )
    ville = models.CharField("ville", max_length=200, blank=True, help_text="Facultatif : seulement ce lieu.")
    date_demande = models.DateField("date de la demande")
    note = models.TextField(
        "note", blank=True, help_text="Comment la demande est arrivée, sans donnée de santé."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "opposition (retrait de l'annuaire)"
        verbose_name_plural = "oppositions (retraits de l'annuaire)"
        ordering = ["nom", "prenom"]

    def __str__(self):
        return f"{self.prenom} {self.nom}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Takes effect at once on the edition served, not only at the next import.
        transaction.on_commit(self.appliquer)

    def cle(self):
        return (codes.normaliser(self.nom), codes.normaliser(self.prenom))

    def concerne(self, code_postal, ville_normalisee):
        return (not self.code_postal or self.code_postal.strip() == code_postal) and (
            not self.ville or codes.normaliser(self.ville) == ville_normalisee
        )

    def appliquer(self):
        from annuaire import recherche

        nom, prenom = self.cle()
        candidats = Medecin.objects.filter(
            edition__active=True, nom_normalise=nom, nom_complet=f"{nom} {prenom}"
        )
        ids = [m.pk for m in candidats if self.concerne(m.code_postal, m.ville_normalisee)]
        recherche.supprimer(ids)


class Oppositions:
    """The objection list, loaded once per import (it is small)."""

    def __init__(self):
        self.par_cle = {}
        for opposition in Opposition.objects.all():
            self.par_cle.setdefault(opposition.cle(), []).append(opposition)

    def exclut(self, nom_normalise, prenom_normalise, code_postal, ville_normalisee):
        return any(
            o.concerne(code_postal, ville_normalisee)
            for o in self.par_cle.get((nom_normalise, prenom_normalise), ())
        )
