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
from dataclasses import dataclass, field
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
    S2_OPTAM = "2-optam"
    S2 = "2"
    S3 = "3"


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

    def convient(self, categorie: str, parcours: str, age: int) -> bool:
        return (
            self.categorie == categorie
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


class TarifInconnu(LookupError):
    """No row of the barème covers what was asked: the barème has a gap on that date.

    Its message names the missing figure and the date, never the patient's answers (age,
    situation): it may reach a log. `demande` holds the details for the editors' tools."""

    def __init__(self, message: str, demande: dict | None = None):
        super().__init__(message)
        self.demande = demande or {}


@dataclass(frozen=True)
class Bareme:
    date: datetime.date
    medecins: dict[str, Medecin]
    tarifs: tuple[LigneTarif, ...]
    parametres: dict[str, Parametre]
    # The first day the data covers: a row starting then may well be older.
    premier_jour: datetime.date | None = None

    def parametre(self, code: str) -> Decimal:
        try:
            return self.parametres[code].valeur
        except KeyError:
            raise TarifInconnu(f"paramètre {code} absent du barème du {self.date}", {"code": code}) from None

    def tarif(self, medecin: str, categorie: str, parcours: str, age: int) -> LigneTarif:
        for ligne in self.tarifs:
            if ligne.medecin == medecin and ligne.convient(categorie, parcours, age):
                return ligne
        raise TarifInconnu(
            f"tarif de consultation absent du barème du {self.date}",
            {"medecin": medecin, "categorie": categorie, "parcours": parcours, "age": age},
        )


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


@dataclass(frozen=True)
class Pourcentage:
    """A rate, so the template layer formats it as « 70 % » and not as an amount."""

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
    return not medecin.en_acces_direct(situation.age)


def categorie_tarifaire(situation: Situation, depassement: bool) -> str:
    """Which tariff the AMO reimburses on (ref. §2, §11.4-5).

    Secteur 1 and OPTAM/OPTAM-ACO: the full tariff (art. L162-5 CSS, convention médicale).
    Secteur 2 without OPTAM: the frozen base when a dépassement is billed; billing at tarif
    opposable (no dépassement), or seeing a CSS patient (art. L162-5-13 CSS forbids the
    dépassement), the full tariff. Secteur 3: the tarif d'autorité (art. L162-5-10 CSS)."""
    if situation.secteur == Secteur.S3:
        return Categorie.AUTORITE
    if situation.secteur == Secteur.S2 and depassement and not situation.css:
        return Categorie.SECTEUR2
    return Categorie.OPPOSABLE


@dataclass(frozen=True)
class Tarifs:
    """The tariff lines of one consultation: the conventional one, and the one the base uses."""

    opposable: LigneTarif
    applique: LigneTarif
    categorie: str
    penalise: bool


def tarifs(situation: Situation, bareme: Bareme, depassement: bool | None = None) -> Tarifs:
    """The conventional tariff of this doctor, age and parcours, and the tariff the base comes
    from. `depassement` None: decided by the fees; True: as if the doctor billed one (the base
    « whatever the fees » that editorial texts quote)."""
    medecin = bareme.medecins[situation.medecin]
    penalise = hors_parcours_penalise(situation, medecin, bareme)
    variante = Parcours.HORS if penalise else Parcours.DANS
    opposable = bareme.tarif(medecin.slug, Categorie.OPPOSABLE, variante, situation.age)
    if depassement is None:
        depassement = situation.honoraires > opposable.montant
    categorie = categorie_tarifaire(situation, depassement)
    applique = (
        opposable
        if categorie == Categorie.OPPOSABLE
        else bareme.tarif(medecin.slug, categorie, variante, situation.age)
    )
    return Tarifs(opposable, applique, categorie, penalise)


def honoraires_proposes(situation: Situation, bareme: Bareme) -> Decimal:
    """The fees proposed when the patient does not give them: the conventional tariff the doctor
    may bill in this exact situation (hors parcours, a specialist's tariff without the MCS). The
    dépassement autorisé is never assumed: it is the doctor's choice, and nobody reimburses it."""
    return tarifs(situation, bareme, depassement=False).opposable.montant


def taux_assurance_maladie(situation: Situation, bareme: Bareme, penalise: bool) -> Decimal:
    """AMO rate: 70 % (art. R160-5 CSS); 100 % for care linked to an ALD (art. L160-14 3°-4°)
    and in maternity (art. L160-9); 90 % under the Alsace-Moselle régime local (art. D325-6-7).
    The most favourable applies. Hors parcours the majoration (40 points, art. R160-6) comes off
    whatever rate applies, ALD included (ref. §11.6)."""
    taux = bareme.parametre("taux-amo")
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
    if situation.secteur not in (Secteur.S2, Secteur.S3):
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

    # 1. The tariff, then the base de remboursement.
    choix = tarifs(situation, bareme)
    penalise, opposable, tarif, categorie = choix.penalise, choix.opposable, choix.applique, choix.categorie
    etapes.append(
        Etape(
            "Tarif de la consultation",
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
    # The AMO never pays on more than was charged (ref. §11.1).
    base = min(tarif.montant, honoraires)
    depassement = honoraires - base
    etapes.append(
        Etape(
            "Base de remboursement",
            base,
            "Le tarif, ou les honoraires s'ils sont plus bas : l'Assurance Maladie ne rembourse "
            "jamais plus que ce que vous avez payé."
            if base < tarif.montant
            else "L'Assurance Maladie calcule son remboursement sur ce montant, quels que soient "
            "les honoraires demandés.",
        )
    )

    # 2. The Assurance Maladie's share.
    taux = taux_assurance_maladie(situation, bareme, penalise)
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
                "Hors parcours de soins coordonnés, votre remboursement baisse de {points} : "
                "déclarez un médecin traitant, ou faites-vous adresser par lui.",
                {"points": Pourcentage(bareme.parametre("majoration-hors-parcours"))},
            )
        )
        if medecin.specialiste and situation.secteur in (Secteur.S1, Secteur.S2_OPTAM):
            avertissements.append(
                Avertissement(
                    "depassement-autorise",
                    "Hors parcours, un spécialiste de secteur 1 peut ajouter un dépassement "
                    "autorisé (DA) jusqu'à {da} du tarif ; il n'est remboursé par personne.",
                    {"da": Pourcentage(bareme.parametre("depassement-autorise"))},
                )
            )

    # 3. Participation forfaitaire: deducted from the AMO, never more than the AMO pays (§11.2).
    pf_due = participation_due(situation, bareme)
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
    if situation.css:
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
        if situation.secteur != Secteur.S3 and honoraires > opposable.montant:
            avertissements.append(
                Avertissement(
                    "css-depassement-interdit",
                    "Avec la Complémentaire santé solidaire, un médecin conventionné ne peut pas "
                    "vous facturer de dépassement (sauf exigence particulière de votre part) : "
                    "le tarif est de {tarif}.",
                    {"tarif": opposable.montant},
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
            "consultations longues ou complexes, avis ponctuel de consultant, examens obligatoires "
            "de l'enfant, majorations de nuit, de dimanche ou de visite, téléconsultation, accident "
            "du travail et maladie professionnelle.",
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


_EXPLICATION_TARIF = {
    Categorie.OPPOSABLE: "Tarif conventionnel {code} ({medecin}), en vigueur depuis le {debut}",
    Categorie.SECTEUR2: "Base de remboursement d'un médecin de secteur 2 sans OPTAM qui pratique "
    "un dépassement ({code}), en vigueur depuis le {debut}",
    Categorie.AUTORITE: "Tarif d'autorité ({code}) d'un médecin non conventionné, fixé par arrêté, "
    "en vigueur depuis le {debut}",
}
