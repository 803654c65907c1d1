"""The simulator's form as the page shows it: the answers as typed, read by `simulateur.contrat`.

No parsing here: the contract reads and checks every answer. This class only keeps what the
patient typed (to show it back), the choices to offer, and the « proposed amount » behaviour:
while the amount field still shows the amount the site proposed, it follows the tariff of the
answers (the hidden `honoraires_auto` field remembers what was proposed).
"""

from functools import cached_property
from types import SimpleNamespace

from django.utils import formats

from simulateur import affichage, baremes, calcul, contrat

OUI_NON = (("oui", "Oui"), ("non", "Non"))
# The form's own hidden fields (not part of the contract): the proposed amount, and what the
# acts offered.
CHAMPS_DU_FORMULAIRE = ("honoraires_auto", "cle_actes")
CASES = ("ald", "maternite", "css", "visite_justifiee", "regulee")
# A missing answer, as the result's sentence names it (« indiquez encore l'âge du patient »).
MANQUANTS = {"age": "l'âge du patient"}


class Formulaire:
    def __init__(self, donnees=None, initial=None):
        self.lie = donnees is not None
        self.honoraires_suivis = False
        source = donnees if self.lie else (initial or {})
        self.saisies = {nom: contrat.brut(source, nom) for nom in (*contrat.NOMS, *CHAMPS_DU_FORMULAIRE)}
        self.resultat = None
        if not self.lie:
            self.lecture = contrat.Lecture()
            return
        a_lire = dict(self.saisies)
        auto = self.saisies["honoraires_auto"]
        if auto and _meme_montant(self.saisies["honoraires"], auto):
            # Still the amount we proposed: follow the tariff of the new answers.
            a_lire["honoraires"] = ""
            self.honoraires_suivis = True
        self.lecture, self.resultat = contrat.calculer(a_lire)
        if self.honoraires_suivis and self.lecture.honoraires_proposes is not None:
            propose = formats.localize_input(self.lecture.honoraires_proposes)
            self.saisies["honoraires"] = self.saisies["honoraires_auto"] = propose

    @classmethod
    def vierge(cls, pre_remplissage=None):
        """The empty form of a GET: today, a GP (or the doctor of a directory link), its tariff
        for an adult proposed."""
        initial = {
            "date": baremes.aujourdhui().isoformat(),
            "age": str(contrat.AGE_ADULTE),
            **(pre_remplissage or {}),
        }
        formulaire = cls(initial=initial)
        lecture = contrat.lire(initial)
        if lecture.honoraires_proposes is not None:
            montant = formats.localize_input(lecture.honoraires_proposes)
            formulaire.saisies["honoraires"] = formulaire.saisies["honoraires_auto"] = montant
        return formulaire

    # What the page offers.
    @property
    def medecins(self):
        return [(m.slug, m.libelle) for m in baremes.medecins()]

    options_secteur = [(s.valeur, s.libelle, s.aide) for s in contrat.SECTEURS]
    regimes = contrat.REGIMES
    lieux = contrat.LIEUX
    horaires = contrat.HORAIRES
    oui_non = OUI_NON

    @property
    def cle_actes(self):
        """The acts offered: when the answers change them, htmx replaces the list."""
        return "|".join(slug for slug, _ in self.actes)

    @cached_property
    def actes(self):
        """The acts offered for the doctor, age and date of the answers (an adult, today, if not
        given yet); always the one chosen, so that the form shows it back."""
        lecture = self.lecture if self._lecture_suffit_aux_actes() else self._lecture_des_actes()
        if lecture.bareme is None or "medecin" in lecture.erreurs or "age" in lecture.erreurs:
            actes = baremes.actes()[:1]
        else:
            actes = lecture.bareme.actes_possibles(lecture.valeurs["medecin"], lecture.valeurs["age"])
        options = [(a.slug, a.libelle) for a in actes]
        choisi = self.valeur("acte")
        if choisi and choisi not in {slug for slug, _ in options}:
            options += [(a.slug, a.libelle) for a in baremes.actes() if a.slug == choisi]
        return options

    def _lecture_des_actes(self):
        """The acts depend on the doctor, the date and the age only (an adult if not given)."""
        return contrat.lire(
            {
                "medecin": self.valeur("medecin"),
                "date": self.valeur("date"),
                "age": self.valeur("age") or str(contrat.AGE_ADULTE),
            }
        )

    def _lecture_suffit_aux_actes(self):
        """The answers already read give the same three values, valid: no second reading (the
        live update asks for the acts on every answer)."""
        lecture = self.lecture
        return (
            self.lie
            and self.saisies.get("age") != ""
            and lecture.bareme is not None
            and not {"medecin", "date", "age"} & set(lecture.erreurs)
            and lecture.valeurs.get("medecin") in lecture.bareme.medecins
        )

    @property
    def actes_a_jour(self):
        """True when the answers changed what the acts depend on (htmx then replaces the list).

        The page's form always sends the key of the list it shows; a request without it has no
        list to replace."""
        cle = self.saisies.get("cle_actes", "")
        return self.lie and cle != "" and cle != self.cle_actes

    @cached_property
    def et_si(self):
        if self.resultat is None:
            return ()
        return [
            (contrat.SECTEURS_PAR_VALEUR[secteur], resultat)
            for secteur, resultat in calcul.et_si(self.lecture.situation, self.lecture.bareme)
        ]

    def valeur(self, nom):
        """The answer to show in a field: what was typed, else the contract's default."""
        saisie = self.saisies.get(nom, "")
        champ = contrat.CHAMPS_PAR_NOM.get(nom)
        if saisie or champ is None:
            return saisie
        if champ.lire is contrat.lire_oui_non:
            return "oui" if champ.defaut else "non"
        return champ.defaut if isinstance(champ.defaut, str) else ""

    @property
    def valeurs(self):
        return {nom: self.valeur(nom) for nom in (*contrat.NOMS, *CHAMPS_DU_FORMULAIRE)}

    @property
    def cochees(self):
        return {nom for nom in CASES if self.lecture.valeurs.get(nom) or self.saisies.get(nom) == "oui"}

    @property
    def honoraires_non_saisis(self):
        return self.resultat is not None and not self.lecture.honoraires_donnes and not self.honoraires_suivis

    @property
    def manquants(self):
        """The required answers still missing, as (field name, words for a sentence)."""
        return [
            (champ.nom, MANQUANTS.get(champ.nom, champ.libelle.lower()))
            for champ in contrat.CHAMPS
            if champ.defaut is contrat.OBLIGATOIRE and not self.saisies.get(champ.nom)
        ]

    @property
    def sans_complementaire(self):
        """No complémentaire given (nor the CSS): the result says so rather than « 0,00 € »."""
        valeurs = self.lecture.valeurs
        return not valeurs.get("css") and not valeurs.get("mutuelle")

    # The answers, worded for the result.
    @cached_property
    def donnees(self):
        """The answers read, as attributes: the template reads a dozen of them on every answer,
        and a dictionary's keys cost Jinja2 a failed attribute lookup each."""
        return SimpleNamespace(**self.lecture.valeurs)

    def libelle_medecin(self):
        return self.lecture.bareme.medecins[self.lecture.situation.medecin].libelle

    def libelle_secteur(self):
        libelle = contrat.SECTEURS_PAR_VALEUR[self.lecture.situation.secteur].libelle
        return libelle[0].lower() + libelle[1:]

    def libelle_acte(self):
        return self.lecture.bareme.actes[self.lecture.situation.acte].libelle

    def libelle_horaire(self):
        return dict(contrat.HORAIRES)[self.lecture.situation.horaire]

    def date(self):
        return affichage.date_fr(self.lecture.situation and self.lecture.bareme.date)

    @cached_property
    def tarifs_annonces(self):
        """Tariffs announced after the consultation's date for the same consultation."""
        if self.resultat is None:
            return []
        return baremes.tarifs_annonces(self.resultat.tarif, self.lecture.bareme.date)


def _meme_montant(saisi, auto):
    try:
        return contrat.lire_montant(saisi) == contrat.lire_montant(auto)
    except contrat.Refus:
        return False
