"""Reimbursement of one doctor's consultation: the pure rules.

No Django here: frozen dataclasses in, frozen dataclasses out, `Decimal` only. Every figure
(tariffs, rates, the participation forfaitaire, ages, caps) comes from the `Bareme` in force on the
consultation date, built from the dated rows edited in the admin (`simulateur/baremes.py`). The
rules below say where each figure goes; each carries its legal source. Where the sources leave
room, the project's decisions apply (reference §11); they are named in the docstrings.

Texts are French because they are shown to patients; amounts inside them are placeholders
(`{base}`) filled and formatted by the template layer, never here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

CENTIME = Decimal("0.01")
ZERO = Decimal("0.00")
# "100 %" of the base, the whole of it: the unit of the "% de la BRSS" convention, not a rate.
TOUT = Decimal("100")


def arrondi(montant: Decimal) -> Decimal:
    """Rounds to the cent, half up: no official text, every published example agrees (ref. §8)."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


def part(base: Decimal, taux: Decimal) -> Decimal:
    """`taux` percent of `base`, rounded to the cent."""
    return arrondi(base * taux / TOUT)


# --- Barème: the figures in force on one date -------------------------------------------------


class Categorie:
    """Which tariff the AMO reimburses on, by the doctor's sector."""

    OPPOSABLE = "opposable"  # secteur 1, OPTAM/OPTAM-CO, secteur 2 billing at tarif opposable
    SECTEUR2 = "secteur2"  # secteur 2 non-OPTAM billing a dépassement: frozen base
    AUTORITE = "autorite"  # secteur 3, non conventionné: tarif d'autorité


class Parcours:
    TOUS = "tous"  # same tariff in and out of the parcours de soins
    DANS = "dans"
    HORS = "hors"


class Secteur:
    S1 = "1"
    S1_DP = "1-dp"  # secteur 1 with a droit permanent à dépassement (a historical status)
    S2_OPTAM = "2-optam"
    S2 = "2"
    S3 = "3"


# Doctors outside OPTAM / OPTAM-ACO (the contrat responsable caps their dépassements).
HORS_OPTAM = (Secteur.S1_DP, Secteur.S2, Secteur.S3)


class Acte:
    """What kind of act. The first two are the tariff rows of a consultation held elsewhere than
    at the surgery; the others are what the patient chooses in the form."""

    CONSULTATION = "consultation"
    TELECONSULTATION = "teleconsultation"
    VISITE = "visite"


class Lieu:
    CABINET = "cabinet"
    TELECONSULTATION = "teleconsultation"
    DOMICILE = "domicile"


class Horaire:
    JOUR = "jour"
    SOIR = "soir"  # 20 h - 24 h and 6 h - 8 h
    NUIT = "nuit"  # 0 h - 6 h
    DIMANCHE = "dimanche"  # Sunday or public holiday, daytime
    HORS_JOUR = "hors-jour"  # for a majoration: any of the three above


class Regime:
    GENERAL = "general"
    ALSACE_MOSELLE = "alsace-moselle"


@dataclass(frozen=True)
class Source:
    url: str
    note: str = ""


@dataclass(frozen=True)
class Medecin:
    slug: str
    libelle: str
    specialiste: bool
    # Accès direct (art. D162-1-7 CSS): seen without the médecin traitant's referral and no penalty.
    acces_direct: bool = False
    acces_direct_age_min: int | None = None
    acces_direct_age_max: int | None = None  # exclusive

    def en_acces_direct(self, age: int) -> bool:
        if not self.acces_direct:
            return False
        if self.acces_direct_age_min is not None and age < self.acces_direct_age_min:
            return False
        return self.acces_direct_age_max is None or age < self.acces_direct_age_max


@dataclass(frozen=True)
class LigneTarif:
    medecin: str
    categorie: str
    parcours: str
    age_min: int
    age_max: int | None  # exclusive; None: no upper bound
    montant: Decimal
    code: str
    debut: datetime.date
    fin: datetime.date | None
    source: Source
    acte: str = Acte.CONSULTATION

    def convient(self, categorie: str, parcours: str, age: int, acte: str = Acte.CONSULTATION) -> bool:
        return (
            self.acte == acte
            and self.categorie == categorie
            and self.parcours in (Parcours.TOUS, parcours)
            and self.age_min <= age
            and (self.age_max is None or age < self.age_max)
        )


@dataclass(frozen=True)
class Parametre:
    code: str
    valeur: Decimal
    unite: str
    debut: datetime.date
    fin: datetime.date | None
    source: Source


@dataclass(frozen=True)
class InfoActe:
    """An act the patient may choose, and the rules that come with it (the barème's `Acte`)."""

    slug: str
    libelle: str
    # No dépassement allowed: the doctor bills the tariff whatever the sector (e.g. GL1-GL3).
    tarif_opposable_seul: bool = False
    # Asked for by the médecin traitant (APC, consultation longue): only within the parcours.
    dans_le_parcours_seulement: bool = False
    # Taken in charge at 100 % of the base, without ticket modérateur (compulsory child exams).
    exonere: bool = False
    note: str = ""


@dataclass(frozen=True)
class Majoration:
    """An amount added to the tariff in some circumstances (night, Sunday, home visit…), reimbursed
    like the tariff. Empty conditions match anything; `regulee` None matches both."""

    code: str
    libelle: str
    montant: Decimal
    horaire: str
    lieu: str
    regulee: bool | None
    visite_justifiee: bool
    medecin: str
    debut: datetime.date
    fin: datetime.date | None
    source: Source

    def s_applique(self, situation: Situation) -> bool:
        horaire = self.horaire in ("", situation.horaire) or (
            self.horaire == Horaire.HORS_JOUR and situation.horaire != Horaire.JOUR
        )
        return (
            horaire
            and self.lieu in ("", situation.lieu)
            and (self.regulee is None or self.regulee == situation.regulee)
            and (not self.visite_justifiee or situation.visite_justifiee)
            and self.medecin in ("", situation.medecin)
        )


class TarifInconnu(LookupError):
    """No row of the barème covers what was asked: the barème has a gap on that date.

    Its message names the missing figure and the date, never the patient's answers (age,
    situation): it may reach a log. `demande` holds the details for the editors' tools."""

    def __init__(self, message: str, demande: dict | None = None, pour_le_patient: str = ""):
        super().__init__(message)
        self.demande = demande or {}
        # Not a gap but a known unknown (no reliable source gives the figure): what to tell.
        self.pour_le_patient = pour_le_patient


@dataclass(frozen=True)
class Bareme:
    date: datetime.date
    medecins: dict[str, Medecin]
    tarifs: tuple[LigneTarif, ...]
    parametres: dict[str, Parametre]
    # The first day the data covers: a row starting then may well be older.
    premier_jour: datetime.date | None = None
    actes: dict[str, InfoActe] = field(default_factory=dict)
    majorations: tuple[Majoration, ...] = ()

    def parametre(self, code: str) -> Decimal:
        try:
            return self.parametres[code].valeur
        except KeyError:
            raise TarifInconnu(f"paramètre {code} absent du barème", {"code": code}) from None

    def tarif(
        self, medecin: str, categorie: str, parcours: str, age: int, acte: str = Acte.CONSULTATION
    ) -> LigneTarif:
        for ligne in self.tarifs:
            if ligne.medecin == medecin and ligne.convient(categorie, parcours, age, acte):
                return ligne
        raise TarifInconnu(
            "tarif de consultation absent du barème",
            {"medecin": medecin, "categorie": categorie, "parcours": parcours, "age": age, "acte": acte},
        )

    def a_un_tarif(self, medecin: str, age: int, acte: str) -> bool:
        """Whether the act has a conventional tariff for this doctor and age on this date."""
        return any(
            ligne.medecin == medecin
            and ligne.acte == acte
            and ligne.categorie == Categorie.OPPOSABLE
            and ligne.age_min <= age
            and (ligne.age_max is None or age < ligne.age_max)
            for ligne in self.tarifs
        )

    def actes_possibles(self, medecin: str, age: int) -> list[InfoActe]:
        """The acts the patient may choose for this doctor and age on this date, in barème order."""
        return [
            acte
            for acte in self.actes.values()
            if acte.slug == Acte.CONSULTATION or self.a_un_tarif(medecin, age, acte.slug)
        ]


# --- Situation in, Resultat out ----------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    medecin: str
    secteur: str
    honoraires: Decimal
    age: int
    parcours: bool = True
    regime: str = Regime.GENERAL
    ald: bool = False
    maternite: bool = False
    css: bool = False
    mutuelle: Decimal = ZERO  # garantie in % of the BRSS, Sécurité sociale included; 0 = none
    mutuelle_non_optam: Decimal | None = None
    responsable: bool = True
    acte: str = Acte.CONSULTATION
    lieu: str = Lieu.CABINET
    visite_justifiee: bool = False
    horaire: str = Horaire.JOUR
    regulee: bool = False
    participations_annee: Decimal = ZERO  # participations forfaitaires already paid this year


@dataclass(frozen=True)
class Pourcentage:
    """A rate, so the template layer formats it as « 70 % » and not as an amount."""

    valeur: Decimal


@dataclass(frozen=True)
class Points:
    """A difference between two rates, formatted as « 40 points » (not « 40 % »: 70 % minus 40 %
    of the rate would be 42 %)."""

    valeur: Decimal


@dataclass(frozen=True)
class Etape:
    """One line of « Détail du calcul »: what, how much, which rule and where it comes from."""

    libelle: str
    montant: Decimal | None
    explication: str = ""
    valeurs: dict = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class Avertissement:
    code: str
    texte: str
    valeurs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Resultat:
    honoraires: Decimal
    tarif: LigneTarif
    base_remboursement: Decimal
    taux: Decimal
    amo_brut: Decimal
    participation_forfaitaire: Decimal
    amo_net: Decimal
    complementaire: Decimal
    reste_a_charge: Decimal
    depassement: Decimal
    hors_parcours: bool
    etapes: tuple[Etape, ...]
    avertissements: tuple[Avertissement, ...]

    def avertissement(self, code: str) -> Avertissement | None:
        return next((a for a in self.avertissements if a.code == code), None)


# --- The rules ---------------------------------------------------------------------------------


def hors_parcours_penalise(situation: Situation, medecin: Medecin, bareme: Bareme) -> bool:
    """Art. L162-5-3 and D162-1-7 CSS: the hors-parcours majoration applies from 16 years of age,
    except for accès direct specialties (psychiatry only from 16 to 25: ameli and service-public's
    reading, ref. §11.3). Urgence, being away from home and the other exceptions are answered
    « dans le parcours » by the patient, as the form explains."""
    if situation.parcours:
        return False
    if situation.age < bareme.parametre("age-parcours"):
        return False
    acte = bareme.actes.get(situation.acte)
    if acte is not None and acte.exonere:
        return False  # compulsory child examinations are outside the parcours (art. D162-1-6)
    return not medecin.en_acces_direct(situation.age)


def categorie_tarifaire(situation: Situation, depassement: bool, acte: InfoActe | None = None) -> str:
    """Which tariff the AMO reimburses on (ref. §2, §11.4-5).

    Secteur 1 and OPTAM/OPTAM-ACO: the full tariff (art. L162-5 CSS, convention médicale).
    Secteur 2 without OPTAM: the frozen base when a dépassement is billed; billing at tarif
    opposable (no dépassement), seeing a CSS patient (art. L162-5-13 CSS forbids the
    dépassement), or an act billed at tarif opposable only, the full tariff. Secteur 3: the tarif
    d'autorité (art. L162-5-10 CSS)."""
    if situation.secteur == Secteur.S3:
        return Categorie.AUTORITE
    if acte is not None and acte.tarif_opposable_seul:
        return Categorie.OPPOSABLE
    if situation.secteur in (Secteur.S2, Secteur.S1_DP) and depassement and not situation.css:
        return Categorie.SECTEUR2
    return Categorie.OPPOSABLE


def acte_du_tarif(situation: Situation, bareme: Bareme) -> str:
    """Which tariff rows: a consultation by video or at home has rows of its own when the barème
    knows them (TCG, VG); a specialist's teleconsultation is billed at the surgery tariff."""
    if situation.acte != Acte.CONSULTATION:
        return situation.acte
    if situation.lieu == Lieu.DOMICILE:
        return Acte.VISITE
    if situation.lieu == Lieu.TELECONSULTATION and bareme.a_un_tarif(
        situation.medecin, situation.age, Acte.TELECONSULTATION
    ):
        return Acte.TELECONSULTATION
    return Acte.CONSULTATION


@dataclass(frozen=True)
class Tarifs:
    """The tariff lines of one consultation: the conventional one, the one the base uses, and the
    majorations that add to both."""

    opposable: LigneTarif
    applique: LigneTarif
    categorie: str
    penalise: bool
    majorations: tuple[Majoration, ...] = ()

    @property
    def supplement(self) -> Decimal:
        return sum((m.montant for m in self.majorations), ZERO)

    @property
    def montant_opposable(self) -> Decimal:
        return self.opposable.montant + self.supplement

    @property
    def montant_applique(self) -> Decimal:
        return self.applique.montant + self.supplement


def majorations(situation: Situation, bareme: Bareme) -> tuple[Majoration, ...]:
    """The majorations of the barème whose conditions this consultation meets (NGAP art. 14 for
    nights and Sundays, restricted to regulated patients from 22 December 2024 by the UNCAM
    decision of 29 October 2024; art. 14-2 for the home-visit MD). None for a non-conventionné
    doctor: no text gives the tarif d'autorité of a majoration."""
    if situation.secteur == Secteur.S3:
        return ()
    return tuple(m for m in bareme.majorations if m.s_applique(situation))


def tarifs(situation: Situation, bareme: Bareme, depassement: bool | None = None) -> Tarifs:
    """The conventional tariff of this doctor, act, age and parcours, and the tariff the base comes
    from. `depassement` None: decided by the fees; True: as if the doctor billed one (the base
    « whatever the fees » that editorial texts quote)."""
    medecin = bareme.medecins[situation.medecin]
    acte = bareme.actes.get(situation.acte)
    code_acte = acte_du_tarif(situation, bareme)
    penalise = hors_parcours_penalise(situation, medecin, bareme)
    variante = Parcours.HORS if penalise else Parcours.DANS
    opposable = bareme.tarif(medecin.slug, Categorie.OPPOSABLE, variante, situation.age, code_acte)
    supplements = majorations(situation, bareme)
    if depassement is None:
        depassement = situation.honoraires > opposable.montant + sum((m.montant for m in supplements), ZERO)
    categorie = categorie_tarifaire(situation, depassement, acte)
    if categorie == Categorie.OPPOSABLE:
        return Tarifs(opposable, opposable, categorie, penalise, supplements)
    if situation.secteur == Secteur.S1_DP:
        raise TarifInconnu(
            "base d'un médecin à droit permanent à dépassement",
            pour_le_patient="Nous ne savons pas sur quelle base l'Assurance Maladie rembourse un médecin "
            "à droit permanent à dépassement qui dépasse le tarif : aucune source officielle ne le dit. "
            "Au tarif conventionnel, le calcul est possible.",
        )
    try:
        applique = bareme.tarif(medecin.slug, categorie, variante, situation.age, code_acte)
    except TarifInconnu:
        if code_acte == Acte.CONSULTATION:
            raise
        raise TarifInconnu(
            f"base {categorie} de l'acte {code_acte}",
            pour_le_patient=(
                "Pour un médecin non conventionné, nous ne connaissons que le tarif d'autorité d'une "
                "consultation au cabinet."
                if categorie == Categorie.AUTORITE
                else "Nous ne savons pas sur quelle base l'Assurance Maladie rembourse cet acte quand "
                "un médecin de secteur 2 sans OPTAM dépasse le tarif : aucune source officielle ne le "
                "dit. Au tarif conventionnel, le calcul est possible."
            ),
        ) from None
    return Tarifs(opposable, applique, categorie, penalise, supplements)


def honoraires_proposes(situation: Situation, bareme: Bareme) -> Decimal:
    """The fees proposed when the patient does not give them: the conventional tariff the doctor
    may bill in this exact situation (hors parcours, a specialist's tariff without the MCS; the
    majorations of the hour and place). The dépassement autorisé is never assumed: it is the
    doctor's choice, and nobody reimburses it."""
    return tarifs(situation, bareme, depassement=False).montant_opposable


def teleconsultation_non_remboursee(situation: Situation, medecin: Medecin, bareme: Bareme) -> bool:
    """A teleconsultation is reimbursed only within the parcours de soins (convention médicale,
    arts. 87-90 of 2024; ameli « téléconsultation »), with the same exceptions as the parcours
    (under 16, accès direct specialties, urgence, no médecin traitant available: answered « dans
    le parcours »). Outside it, it is not reimbursed at all, not at the hors-parcours rate."""
    if situation.lieu != Lieu.TELECONSULTATION or situation.parcours:
        return False
    if situation.age < bareme.parametre("age-parcours"):
        return False
    return not medecin.en_acces_direct(situation.age)


def taux_assurance_maladie(situation: Situation, bareme: Bareme, penalise: bool) -> Decimal:
    """AMO rate: 70 % (art. R160-5 CSS); 100 % for care linked to an ALD (art. L160-14 3°-4°)
    and in maternity (art. L160-9); 90 % under the Alsace-Moselle régime local (art. D325-6-7).
    The most favourable applies. Hors parcours the majoration (40 points, art. R160-6) comes off
    whatever rate applies, ALD included (ref. §11.6)."""
    taux = bareme.parametre("taux-amo")
    acte = bareme.actes.get(situation.acte)
    if acte is not None and acte.exonere:
        # Compulsory child examinations: 100 % of the base (art. L160-14 CSS; service-public F967).
        taux = max(taux, bareme.parametre("taux-exonere"))
    if situation.regime == Regime.ALSACE_MOSELLE:
        taux = max(taux, bareme.parametre("taux-alsace-moselle"))
    if situation.ald:
        taux = max(taux, bareme.parametre("taux-ald"))
    if situation.maternite:
        taux = max(taux, bareme.parametre("taux-maternite"))
    if penalise:
        taux = max(ZERO, taux - bareme.parametre("majoration-hors-parcours"))
    return taux


def participation_due(situation: Situation, bareme: Bareme) -> Decimal:
    """Participation forfaitaire per consultation (art. L160-13 II, amount by UNCAM decision).
    Not due under 18 (art. R160-20), with the CSS (art. L160-15) nor in maternity (art. L160-9).
    ALD patients pay it."""
    if situation.css or situation.maternite:
        return ZERO
    if situation.age < bareme.parametre("age-exoneration-pf"):
        return ZERO
    return bareme.parametre("participation-forfaitaire")


def garantie_retenue(situation: Situation, bareme: Bareme) -> tuple[Decimal, Decimal]:
    """Garantie of the complémentaire in % of the BRSS, Sécurité sociale included (ref. §6).

    A contrat responsable (art. R871-2 2° CSS) covers a doctor outside OPTAM/OPTAM-CO at most
    100 % of the base beyond the ticket modérateur, and at most its OPTAM cover minus 20 points;
    the ticket modérateur itself is always covered (R871-2 1°). The patient's own « non-OPTAM »
    line is used when known, and still capped. No cap for a non-responsible contract.

    Returns (the garantie the contract states for this doctor, the garantie that applies)."""
    garantie = situation.mutuelle
    if situation.secteur not in HORS_OPTAM:
        return garantie, garantie
    ligne = situation.mutuelle_non_optam
    if ligne is not None and ligne > 0:
        garantie = ligne
    if not situation.responsable:
        return garantie, garantie
    depassement_max = min(
        bareme.parametre("plafond-depassement-dptam"),
        situation.mutuelle - TOUT - bareme.parametre("ecart-dptam-optam"),
    )
    return garantie, min(garantie, TOUT + max(ZERO, depassement_max))


def simuler(situation: Situation, bareme: Bareme) -> Resultat:
    """One consultation, step by step (order of operations: ref. §11.1)."""
    medecin = bareme.medecins[situation.medecin]
    etapes: list[Etape] = []
    avertissements: list[Avertissement] = []
    honoraires = situation.honoraires

    # 1. The tariff and its majorations, then the base de remboursement.
    choix = tarifs(situation, bareme)
    penalise, tarif, categorie = choix.penalise, choix.applique, choix.categorie
    non_rembourse = teleconsultation_non_remboursee(situation, medecin, bareme)
    if non_rembourse:
        penalise = False
    acte = bareme.actes.get(situation.acte)
    etapes.append(
        Etape(
            "Tarif de la consultation" if situation.acte == Acte.CONSULTATION else f"Tarif : {acte.libelle}",
            tarif.montant,
            _EXPLICATION_TARIF[categorie]
            + (
                " (et sans doute avant : notre barème commence ce jour-là)"
                if tarif.debut == bareme.premier_jour
                else ""
            )
            + ".",
            {"code": tarif.code, "medecin": medecin.libelle, "debut": tarif.debut},
            tarif.source.url,
        )
    )
    for majoration in choix.majorations:
        etapes.append(
            Etape(
                f"Majoration {majoration.code}",
                majoration.montant,
                "{libelle}, en vigueur depuis le {debut} ; remboursée comme le tarif.",
                {"libelle": majoration.libelle, "debut": majoration.debut},
                majoration.source.url,
            )
        )
    # The AMO never pays on more than was charged (ref. §11.1).
    base = min(choix.montant_applique, honoraires)
    depassement = honoraires - base
    etapes.append(
        Etape(
            "Base de remboursement",
            base,
            "Le tarif, ou les honoraires s'ils sont plus bas : l'Assurance Maladie ne rembourse "
            "jamais plus que ce que vous avez payé."
            if base < choix.montant_applique
            else "L'Assurance Maladie calcule son remboursement sur ce montant, quels que soient "
            "les honoraires demandés.",
        )
    )
    avertissements += _avertissements_de_l_acte(situation, bareme, choix, acte, non_rembourse)

    # 2. The Assurance Maladie's share.
    taux = ZERO if non_rembourse else taux_assurance_maladie(situation, bareme, penalise)
    amo_brut = part(base, taux)
    etapes.append(
        Etape(
            "Remboursement de l'Assurance Maladie avant participation",
            amo_brut,
            "{taux} de la base de remboursement ({base}).",
            {"taux": Pourcentage(taux), "base": base},
            bareme.parametres["taux-amo"].source.url,
        )
    )
    if penalise:
        avertissements.append(
            Avertissement(
                "hors-parcours",
                "Hors parcours de soins coordonnés, le taux de remboursement de l'Assurance "
                "Maladie perd {points} : {taux} de la base au lieu de {taux_parcours}. "
                "Déclarez un médecin traitant, ou faites-vous adresser par lui.",
                {
                    "points": Points(bareme.parametre("majoration-hors-parcours")),
                    "taux": Pourcentage(taux),
                    "taux_parcours": Pourcentage(taux_assurance_maladie(situation, bareme, False)),
                },
            )
        )
        if (
            medecin.specialiste
            and situation.secteur in (Secteur.S1, Secteur.S2_OPTAM)
            and situation.acte == Acte.CONSULTATION
        ):
            avertissements.append(
                Avertissement(
                    "depassement-autorise",
                    "Hors parcours, un spécialiste de secteur 1 peut ajouter un dépassement "
                    "autorisé (DA) jusqu'à {da} du tarif ; il n'est remboursé par personne.",
                    {"da": Pourcentage(bareme.parametre("depassement-autorise"))},
                )
            )

    # 3. Participation forfaitaire: deducted from the AMO, never more than the AMO pays (§11.2),
    # and no more than what is left of the annual cap (art. D160-6 CSS).
    pf_due = ZERO if non_rembourse else participation_due(situation, bareme)
    if pf_due and situation.participations_annee > 0:
        plafond = bareme.parametre("pf-plafond-annuel")
        reste_du_plafond = max(ZERO, plafond - situation.participations_annee)
        if reste_du_plafond < pf_due:
            avertissements.append(
                Avertissement(
                    "plafond-participations",
                    "Vous avez déjà payé {deja} de participations forfaitaires cette année : le plafond "
                    "annuel de {plafond} est atteint"
                    + (
                        ", il n'en est plus retenu."
                        if not reste_du_plafond
                        else ", il n'en reste que {reste}."
                    )
                    + " Il s'applique à l'année civile, à la date du remboursement.",
                    {"deja": situation.participations_annee, "plafond": plafond, "reste": reste_du_plafond},
                )
            )
        pf_due = min(pf_due, reste_du_plafond)
    pf = min(pf_due, amo_brut)
    amo_net = amo_brut - pf
    if pf_due:
        etapes.append(
            Etape(
                "Participation forfaitaire retenue",
                -pf,
                "Retenue sur chaque consultation d'un médecin, à partir de {age} ans ; aucune "
                "complémentaire ne peut la rembourser.",
                {"age": int(bareme.parametre("age-exoneration-pf"))},
                bareme.parametres["participation-forfaitaire"].source.url,
            )
        )
    if pf < pf_due:
        avertissements.append(
            Avertissement(
                "participation-reportee",
                "La participation forfaitaire ({pf}) dépasse ce que l'Assurance Maladie vous "
                "doit : le reste ({reste}) pourra être retenu sur un prochain remboursement.",
                {"pf": pf_due, "reste": pf_due - pf},
            )
        )
    etapes.append(Etape("Versé par l'Assurance Maladie", amo_net))

    # 4. The complémentaire santé, or the CSS.
    majoration = part(base, bareme.parametre("majoration-hors-parcours")) if penalise else ZERO
    if non_rembourse:
        complementaire = ZERO
    elif situation.css:
        # Art. L861-3 CSS: the CSS pays the ticket modérateur up to 100 % of the base, never the
        # hors-parcours majoration; dépassements are forbidden (art. L162-5-13).
        complementaire = max(ZERO, base - majoration - amo_brut)
        etapes.append(
            Etape(
                "Pris en charge par la Complémentaire santé solidaire",
                complementaire,
                "Le ticket modérateur, jusqu'à 100 % de la base de remboursement.",
            )
        )
        if situation.secteur != Secteur.S3 and honoraires > choix.montant_opposable:
            avertissements.append(
                Avertissement(
                    "css-depassement-interdit",
                    "Avec la Complémentaire santé solidaire, un médecin conventionné ne peut pas "
                    "vous facturer de dépassement (sauf exigence particulière de votre part) : "
                    "le tarif est de {tarif}.",
                    {"tarif": choix.montant_opposable},
                )
            )
    elif situation.mutuelle > 0:
        demandee, garantie = garantie_retenue(situation, bareme)
        plafond = min(honoraires, part(base, garantie))
        if penalise and situation.responsable:
            # Art. R871-1 CSS: a contrat responsable covers neither the majoration nor the
            # dépassements billed hors parcours; the project counts no dépassement (§11.7).
            plafond = min(plafond, base)
        complementaire = max(ZERO, plafond - amo_brut - (majoration if situation.responsable else ZERO))
        etapes.append(
            Etape(
                "Remboursé par votre complémentaire santé",
                complementaire,
                "Garantie retenue : {garantie} de la base de remboursement, Sécurité sociale "
                "incluse, dans la limite des honoraires, moins ce que verse l'Assurance Maladie "
                "avant participation forfaitaire.",
                {"garantie": Pourcentage(garantie)},
            )
        )
        if garantie < demandee:
            avertissements.append(
                Avertissement(
                    "plafond-contrat-responsable",
                    "Ce médecin n'adhère pas à l'OPTAM : un contrat responsable ne peut couvrir "
                    "ses dépassements qu'en partie (garantie retenue : {garantie}).",
                    {"garantie": Pourcentage(garantie)},
                )
            )
        if penalise and situation.responsable:
            avertissements.append(
                Avertissement(
                    "responsable-hors-parcours",
                    "Un contrat responsable ne rembourse ni la baisse liée au hors parcours, ni "
                    "les dépassements facturés hors parcours.",
                )
            )
    else:
        complementaire = ZERO
    reste = honoraires - amo_net - complementaire
    etapes.append(Etape("Reste à votre charge", reste))

    if depassement > 0 and not situation.css:
        avertissements.append(
            Avertissement(
                "depassement",
                "Dépassement d'honoraires de {depassement} : l'Assurance Maladie ne le rembourse "
                "pas ; seule une complémentaire peut en couvrir une partie.",
                {"depassement": depassement},
            )
        )
    if situation.secteur == Secteur.S3:
        avertissements.append(
            Avertissement(
                "non-conventionne",
                "Médecin non conventionné : le remboursement se calcule sur le tarif d'autorité, "
                "de quelques centimes.",
            )
        )
    if situation.regime == Regime.ALSACE_MOSELLE and penalise:
        avertissements.append(
            Avertissement(
                "alsace-moselle-hors-parcours",
                "Régime local d'Alsace-Moselle hors parcours : aucun texte ne fixe ce taux ; "
                "nous appliquons la même baisse qu'au régime général.",
            )
        )
    if honoraires >= bareme.parametre("seuil-information-ecrite") and depassement > 0:
        avertissements.append(
            Avertissement(
                "information-ecrite",
                "À partir de {seuil} d'honoraires avec un dépassement, le médecin doit vous "
                "remettre une information écrite préalable (un devis).",
                {"seuil": bareme.parametre("seuil-information-ecrite")},
            )
        )

    # General notes come after what is specific to this consultation.
    avertissements += [
        Avertissement(
            "estimation",
            "Estimation à partir des tarifs publiés ; seul le décompte de votre caisse fait foi. "
            "Elle ne tient pas compte d'éventuelles sommes retenues pour des participations ou "
            "franchises antérieures.",
        ),
        # Reference §11.9: what this first version does not compute.
        Avertissement(
            "hors-champ",
            "Non pris en compte : tarifs des départements d'outre-mer, actes techniques, "
            "consultations complexes, majorations propres à la permanence des soins des médecins "
            "généralistes (CRN, CRD, CRM), visite longue du médecin traitant (VL), indemnités "
            "kilométriques, accident du travail et maladie professionnelle.",
        ),
    ]

    return Resultat(
        honoraires=honoraires,
        tarif=tarif,
        base_remboursement=base,
        taux=taux,
        amo_brut=amo_brut,
        participation_forfaitaire=pf,
        amo_net=amo_net,
        complementaire=complementaire,
        reste_a_charge=reste,
        depassement=depassement,
        hors_parcours=penalise,
        etapes=tuple(etapes),
        avertissements=tuple(avertissements),
    )


def _avertissements_de_l_acte(
    situation: Situation, bareme: Bareme, choix: Tarifs, acte: InfoActe | None, non_rembourse: bool
) -> list[Avertissement]:
    """What a patient should know about this kind of act, place and hour."""
    notes = []
    if situation.lieu == Lieu.TELECONSULTATION:
        if non_rembourse:
            notes.append(
                Avertissement(
                    "teleconsultation-non-remboursee",
                    "Hors parcours de soins, une téléconsultation n'est pas remboursée du tout (ni par "
                    "l'Assurance Maladie, ni par un contrat responsable) : passez par votre médecin "
                    "traitant, ou consultez-le s'il est disponible.",
                )
            )
        else:
            notes.append(
                Avertissement(
                    "teleconsultation-conditions",
                    "Une téléconsultation est remboursée si vous êtes dans le parcours de soins, si vous "
                    "voyez aussi ce médecin en personne de temps en temps, et s'il exerce près de chez "
                    "vous (sauf exceptions : pas de médecin traitant disponible, zone sous-dotée).",
                )
            )
        if choix.opposable.acte == Acte.CONSULTATION and situation.acte == Acte.CONSULTATION:
            notes.append(
                Avertissement(
                    "teleconsultation-tarif-du-cabinet",
                    "Nous appliquons le tarif d'une consultation au cabinet : la téléconsultation se "
                    "facture au même tarif, et nous n'avons pas trouvé de tarif officiel propre à ce "
                    "médecin.",
                )
            )
    codes = {m.code for m in choix.majorations}
    manquees = [
        m
        for m in bareme.majorations
        if m.code not in codes and m.horaire == situation.horaire and m.horaire and m.regulee
    ]
    if situation.horaire != Horaire.JOUR and manquees and not situation.regulee:
        notes.append(
            Avertissement(
                "horaire-non-regule",
                "Sans régulation (le 15, le SAS, la permanence des soins) ni urgence vraie, le médecin "
                "ne peut pas facturer la majoration {code} ({montant}) : elle est réservée à ces cas. "
                "S'il vous demande plus que le tarif pour vous recevoir à cette heure sans nécessité "
                "médicale, c'est un dépassement pour exigence particulière, remboursé par personne.",
                {"code": manquees[0].code, "montant": manquees[0].montant},
            )
        )
    if situation.regulee and situation.horaire != Horaire.JOUR and situation.medecin == "generaliste":
        notes.append(
            Avertissement(
                "permanence-des-soins",
                "Un médecin généraliste de garde (permanence des soins) facture parfois ses propres "
                "majorations (CRN, CRD, CRM) au lieu de celles-ci : nous n'en avons pas trouvé les "
                "montants dans une source officielle.",
            )
        )
    if situation.lieu == Lieu.DOMICILE and not situation.visite_justifiee:
        md = next((m for m in bareme.majorations if m.visite_justifiee), None)
        if md is not None:
            notes.append(
                Avertissement(
                    "visite-non-justifiee",
                    "Visite sans nécessité médicale : pas de majoration de déplacement ({code}, {montant}). "
                    "Le médecin peut vous demander un supplément pour exigence particulière, qui n'est "
                    "remboursé par personne.",
                    {"code": md.code, "montant": md.montant},
                )
            )
    if acte is not None and acte.tarif_opposable_seul and situation.honoraires > choix.montant_opposable:
        notes.append(
            Avertissement(
                "tarif-opposable-seul",
                "Cet acte se facture au tarif conventionnel, sans dépassement, quel que soit le secteur "
                "du médecin : il ne peut pas vous demander plus de {tarif}.",
                {"tarif": choix.montant_opposable},
            )
        )
    if acte is not None and acte.note:
        notes.append(Avertissement(f"acte-{acte.slug}", acte.note))
    return notes


def et_si(situation: Situation, bareme: Bareme) -> tuple[tuple[str, Resultat | None], ...]:
    """« Et si ? »: the same consultation for this patient and this complémentaire with a secteur 1
    doctor (at the tariff), an OPTAM doctor and a secteur 2 doctor without OPTAM (at the same
    fees). None where the barème cannot price it."""
    lignes = []
    for secteur in (Secteur.S1, Secteur.S2_OPTAM, Secteur.S2):
        variante = replace(situation, secteur=secteur)
        try:
            if secteur == Secteur.S1:
                variante = replace(variante, honoraires=honoraires_proposes(variante, bareme))
            lignes.append((secteur, simuler(variante, bareme)))
        except TarifInconnu:
            lignes.append((secteur, None))
    return tuple(lignes)


_EXPLICATION_TARIF = {
    Categorie.OPPOSABLE: "Tarif conventionnel {code} ({medecin}), en vigueur depuis le {debut}",
    Categorie.SECTEUR2: "Base de remboursement d'un médecin de secteur 2 sans OPTAM qui pratique "
    "un dépassement ({code}), en vigueur depuis le {debut}",
    Categorie.AUTORITE: "Tarif d'autorité ({code}) d'un médecin non conventionné, fixé par arrêté, "
    "en vigueur depuis le {debut}",
}
