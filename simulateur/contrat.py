"""The simulator's public contract (DESIGN §3) as code: the one door that reads its inputs.

One table of fields (name, label, parser, default, French messages) and one table of sectors
(value, label, short help, the page that explains it). `lire()` takes a mapping of strings (a
form POST, a JSON object turned into strings, a marker's arguments, a command's options) and
returns the parsed values, the French errors, the barème of the date, the situation and the
fees proposed when none were given. The form, the markers, the `simuler` command and the API
all go through it; nothing else parses these inputs.

Parsers are strict grammars (no float, no exponent, bounded lengths): whatever a patient, a bot
or an editor sends, the answer is a value or a French message, in constant time.
"""

import dataclasses
import datetime
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from simulateur import affichage, baremes, calcul

logger = logging.getLogger(__name__)

# Input bounds, not rules: no consultation costs ten thousand euros, no garantie is 1 000 %.
HONORAIRES_MAX = Decimal("9999.99")
GARANTIE_MAX = Decimal("1000")
AGE_MAX = 120
LONGUEUR_MAX = 40  # no valid value is longer; longer input is refused before any parsing
# The age of the examples of editorial pages when they do not say (an adult).
AGE_ADULTE = 40


class Refus(ValueError):
    """A value that does not fit its field; the message is French, for the patient."""


# --- Parsers: one per kind of field -------------------------------------------------------------

# ASCII digits only: `\d` would also take Arabic-Indic or full-width digits.
_NOMBRE = re.compile(r"(-?)([0-9]{1,12})(?:[.,]([0-9]{1,12}))?")
_ENTIER = re.compile(r"-?[0-9]{1,12}")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_FR = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")
OUI = {"oui", "on", "true", "1"}
NON = {"non", "off", "false", "0"}


def lire_date(brut):
    for motif, ordre in ((_DATE_ISO, (0, 1, 2)), (_DATE_FR, (2, 1, 0))):
        trouve = motif.fullmatch(brut)
        if trouve:
            annee, mois, jour = (int(trouve.group(i + 1)) for i in ordre)
            try:
                return datetime.date(annee, mois, jour)
            except ValueError:
                break
    raise Refus("Indiquez une date réelle, au format JJ/MM/AAAA.")


def lire_decimal(brut, maximum, messages):
    """« 1 234,50 », « 31.5 » -> Decimal('1234.50'), at most two decimals; Refus(messages[…])."""
    # Spaces are thousands separators in French (« 1 234,50 »).
    trouve = _NOMBRE.fullmatch(re.sub(r"[\s\u00a0\u202f]", "", brut))
    if not trouve:
        raise Refus(messages["invalide"])
    signe, entiers, decimales = trouve.groups()
    valeur = Decimal(f"{entiers}.{decimales or '0'}")
    if signe and valeur:
        raise Refus(messages["negatif"])
    if decimales and len(decimales.rstrip("0")) > 2:
        raise Refus(messages["decimales"])
    if valeur > maximum:
        raise Refus(messages["maximum"])
    return valeur.quantize(calcul.CENTIME)


MESSAGES_MONTANT = {
    "invalide": "Indiquez un montant en euros, par exemple 30 ou 30,50.",
    "negatif": "Le montant ne peut pas être négatif.",
    "maximum": "Indiquez un montant inférieur à 10 000 €.",
    "decimales": "Indiquez au plus deux chiffres après la virgule (les centimes).",
}
MESSAGES_GARANTIE = {
    "invalide": "Indiquez un pourcentage, par exemple 100, 150 ou 200.",
    "negatif": "Le pourcentage ne peut pas être négatif.",
    "maximum": "Indiquez un pourcentage de 1 000 au plus.",
    "decimales": "Indiquez un pourcentage avec au plus deux décimales.",
}


def lire_montant(brut):
    return lire_decimal(brut, HONORAIRES_MAX, MESSAGES_MONTANT)


def lire_garantie(brut):
    garantie = lire_decimal(brut, GARANTIE_MAX, MESSAGES_GARANTIE)
    if 0 < garantie < calcul.TOUT:
        raise Refus(
            "Une garantie « Sécurité sociale incluse » vaut au moins 100 % ; laissez vide si vous "
            "n'avez pas de complémentaire."
        )
    return garantie


def lire_age(brut):
    if not _ENTIER.fullmatch(brut):
        raise Refus("Indiquez l'âge en années, avec des chiffres (par exemple 42).")
    age = int(brut)
    if age < 0:
        raise Refus("L'âge ne peut pas être négatif.")
    if age > AGE_MAX:
        raise Refus(f"Indiquez un âge de {AGE_MAX} ans au plus.")
    return age


def _lire_booleen(message):
    def lire(brut):
        valeur = brut.lower()
        if valeur in OUI:
            return True
        if valeur in NON:
            return False
        raise Refus(message)

    return lire


lire_case = _lire_booleen("Cochez la case, ou laissez-la vide.")
lire_oui_non = _lire_booleen("Répondez oui ou non.")


def lire_choix(valeurs, message):
    def lire(brut):
        if brut not in valeurs():
            raise Refus(message)
        return brut

    lire.valeurs = valeurs  # the editors' help lists them (`secteurs.marqueurs.aide`)
    return lire


# --- The tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InfoSecteur:
    valeur: str
    libelle: str
    aide: str
    page: str  # slug of the sector page that explains it


SECTEURS = (
    InfoSecteur(
        calcul.Secteur.S1,
        "Secteur 1",
        "Il applique le tarif conventionnel ; il ne peut le dépasser que pour une exigence "
        "particulière de votre part (un rendez-vous en dehors de ses horaires, par exemple) ou, "
        "pour un spécialiste, si vous venez hors parcours de soins.",
        "secteur-1",
    ),
    InfoSecteur(
        calcul.Secteur.S1_DP,
        "Secteur 1 avec droit permanent à dépassement",
        "Un statut ancien, encore affiché par l'annuaire : le médecin peut dépasser le tarif.",
        "secteur-1",
    ),
    InfoSecteur(
        calcul.Secteur.S2_OPTAM,
        "Secteur 2 avec OPTAM ou OPTAM-ACO",
        "Honoraires libres mais dépassements modérés ; remboursé sur le tarif du secteur 1.",
        "secteur-2-optam",
    ),
    InfoSecteur(
        calcul.Secteur.S2,
        "Secteur 2 sans OPTAM",
        "Honoraires libres ; remboursé sur une base plus basse.",
        "secteur-2",
    ),
    InfoSecteur(
        calcul.Secteur.S3,
        "Secteur 3, non conventionné",
        "Hors convention : presque rien n'est remboursé.",
        "secteur-3",
    ),
)
SECTEURS_PAR_VALEUR = {s.valeur: s for s in SECTEURS}
REGIMES = (
    (calcul.Regime.GENERAL, "Régime général"),
    (calcul.Regime.ALSACE_MOSELLE, "Régime local d'Alsace-Moselle"),
)
LIEUX = (
    (calcul.Lieu.CABINET, "Au cabinet"),
    (calcul.Lieu.TELECONSULTATION, "En téléconsultation (vidéo)"),
    (calcul.Lieu.DOMICILE, "À domicile (visite)"),
)
HORAIRES = (
    (calcul.Horaire.JOUR, "En journée, du lundi au samedi"),
    (calcul.Horaire.SOIR, "Le soir (20 h - minuit) ou tôt le matin (6 h - 8 h)"),
    (calcul.Horaire.NUIT, "La nuit (minuit - 6 h)"),
    (calcul.Horaire.DIMANCHE, "Un dimanche ou un jour férié, en journée"),
)


@dataclass(frozen=True)
class Champ:
    nom: str
    libelle: str
    lire: Callable[[str], object]
    # The value when the field is absent or empty; `OBLIGATOIRE`: then `manquant` is the error.
    defaut: object = None
    manquant: str = ""
    # A health answer (ALD, grossesse, CSS): never in a URL, a log line, a cookie or a database.
    sante: bool = False


OBLIGATOIRE = object()


def _noms_medecins():
    return {m.slug for m in baremes.medecins()}


def _noms_actes():
    return {a.slug for a in baremes.actes()}


CHAMPS = (
    Champ("date", "Date de la consultation", lire_date, defaut=baremes.aujourdhui),
    Champ(
        "medecin",
        "Médecin consulté",
        lire_choix(_noms_medecins, "Choisissez un type de médecin de la liste."),
        defaut="generaliste",
    ),
    Champ(
        "secteur",
        "Secteur du médecin",
        lire_choix(lambda: SECTEURS_PAR_VALEUR, "Choisissez un des secteurs proposés."),
        defaut=calcul.Secteur.S1,
    ),
    Champ("honoraires", "Montant payé au médecin (€)", lire_montant),
    Champ(
        "age",
        "Âge du patient (en années)",
        lire_age,
        defaut=OBLIGATOIRE,
        manquant="Indiquez l'âge du patient, en années (0 pour un bébé).",
    ),
    Champ("parcours", "Êtes-vous dans le parcours de soins coordonnés ?", lire_oui_non, defaut=True),
    Champ(
        "regime",
        "Votre régime d'assurance maladie",
        lire_choix(lambda: dict(REGIMES), "Choisissez le régime général ou celui d'Alsace-Moselle."),
        defaut=calcul.Regime.GENERAL,
    ),
    Champ("ald", "Affection de longue durée (ALD)", lire_case, defaut=False, sante=True),
    Champ("maternite", "Assurance maternité", lire_case, defaut=False, sante=True),
    Champ("css", "Complémentaire santé solidaire", lire_case, defaut=False, sante=True),
    Champ(
        "mutuelle",
        "Garantie de votre complémentaire pour une consultation (% de la base de remboursement)",
        lire_garantie,
        defaut=calcul.ZERO,
    ),
    Champ(
        "mutuelle_non_optam",
        "Garantie pour les médecins hors OPTAM, si votre tableau la distingue (%)",
        lire_garantie,
    ),
    Champ("responsable", "Votre contrat est-il « responsable » ?", lire_oui_non, defaut=True),
    Champ(
        "acte",
        "Type de consultation",
        lire_choix(_noms_actes, "Choisissez un type de consultation de la liste."),
        defaut=calcul.Acte.CONSULTATION,
    ),
    Champ(
        "lieu",
        "Où a lieu la consultation ?",
        lire_choix(lambda: dict(LIEUX), "Choisissez le cabinet, la téléconsultation ou le domicile."),
        defaut=calcul.Lieu.CABINET,
    ),
    Champ("visite_justifiee", "Visite médicalement justifiée", lire_case, defaut=False, sante=True),
    Champ(
        "horaire",
        "Quand ?",
        lire_choix(lambda: dict(HORAIRES), "Choisissez un des moments proposés."),
        defaut=calcul.Horaire.JOUR,
    ),
    Champ("regulee", "Consultation régulée ou urgence vraie", lire_case, defaut=False, sante=True),
    Champ(
        "participations_annee",
        "Participations forfaitaires déjà payées cette année (€)",
        lire_montant,
        defaut=calcul.ZERO,
    ),
)
CHAMPS_PAR_NOM = {c.nom: c for c in CHAMPS}
NOMS = tuple(CHAMPS_PAR_NOM)
# Fields a link may pre-fill by GET (the directory): never a health answer.
PRE_REMPLISSABLES = ("medecin", "secteur")


# --- Reading -----------------------------------------------------------------------------------


@dataclass
class Lecture:
    """What `lire()` made of the answers."""

    valeurs: dict = field(default_factory=dict)
    erreurs: dict = field(default_factory=dict)  # field name (or "__all__") -> [French messages]
    bareme: calcul.Bareme | None = None
    situation: calcul.Situation | None = None
    honoraires_proposes: Decimal | None = None
    honoraires_donnes: bool = False

    @property
    def valide(self):
        return self.situation is not None and not self.erreurs

    def erreur(self, nom, message):
        self.erreurs.setdefault(nom, []).append(message)


def brut(donnees: Mapping, nom: str) -> str:
    """The raw answer for `nom`: the last value if several were sent, as a stripped string."""
    valeur = donnees.get(nom)
    if isinstance(valeur, list | tuple):
        valeur = valeur[-1] if valeur else None
    if valeur is None:
        return ""
    return str(valeur).strip()


def lire(donnees: Mapping) -> Lecture:
    """Parses and validates the answers against the contract; never raises for any input."""
    lecture = Lecture()
    for champ in CHAMPS:
        texte = brut(donnees, champ.nom)
        if not texte:
            if champ.defaut is OBLIGATOIRE:
                lecture.erreur(champ.nom, champ.manquant)
            else:
                lecture.valeurs[champ.nom] = champ.defaut() if callable(champ.defaut) else champ.defaut
            continue
        if len(texte) > LONGUEUR_MAX:
            texte = texte[: LONGUEUR_MAX + 1]  # still refused below, without reading more
        try:
            lecture.valeurs[champ.nom] = champ.lire(texte)
        except Refus as refus:
            lecture.erreur(champ.nom, str(refus))
    lecture.honoraires_donnes = lecture.valeurs.get("honoraires") is not None
    _bareme(lecture)
    if lecture.bareme is None or lecture.erreurs:
        return lecture
    v = lecture.valeurs
    if v["medecin"] not in lecture.bareme.medecins:
        lecture.erreur("medecin", "Nous ne connaissons pas le tarif de ce médecin à cette date.")
        return lecture
    _acte_possible(lecture)
    if lecture.erreurs:
        return lecture
    situation = calcul.Situation(
        medecin=v["medecin"],
        secteur=v["secteur"],
        honoraires=v["honoraires"] if lecture.honoraires_donnes else calcul.ZERO,
        age=v["age"],
        parcours=v["parcours"],
        regime=v["regime"],
        ald=v["ald"],
        maternite=v["maternite"],
        css=v["css"],
        mutuelle=v["mutuelle"],
        mutuelle_non_optam=v["mutuelle_non_optam"],
        responsable=v["responsable"],
        acte=v["acte"],
        lieu=v["lieu"],
        visite_justifiee=v["visite_justifiee"] and v["lieu"] == calcul.Lieu.DOMICILE,
        horaire=v["horaire"],
        regulee=v["regulee"],
        participations_annee=v["participations_annee"],
    )
    try:
        lecture.honoraires_proposes = calcul.honoraires_proposes(situation, lecture.bareme)
    except calcul.TarifInconnu as erreur:
        _bareme_incomplet(lecture, erreur)
        return lecture
    if not lecture.honoraires_donnes:
        situation = dataclasses.replace(situation, honoraires=lecture.honoraires_proposes)
    lecture.situation = situation
    return lecture


def _acte_possible(lecture):
    """The act, place and parcours must go together (each act is offered only for the doctors,
    ages and dates the barème gives it a tariff for)."""
    v, bareme = lecture.valeurs, lecture.bareme
    acte = bareme.actes.get(v["acte"])
    if v["acte"] != calcul.Acte.CONSULTATION:
        if acte is None or not bareme.a_un_tarif(v["medecin"], v["age"], v["acte"]):
            possibles = [a.libelle.lower() for a in bareme.actes_possibles(v["medecin"], v["age"])]
            lecture.erreur(
                "acte",
                "Cet acte n'a pas de tarif dans notre barème pour ce médecin, à cet âge et à cette date "
                f"(possible : {', '.join(possibles)}).",
            )
            return
        if v["lieu"] != calcul.Lieu.CABINET:
            lecture.erreur("lieu", f"« {acte.libelle} » se calcule au cabinet seulement.")
        if acte.dans_le_parcours_seulement and not v["parcours"]:
            lecture.erreur(
                "parcours",
                f"« {acte.libelle} » se fait à la demande de votre médecin traitant : c'est le parcours de "
                "soins, répondez « oui ».",
            )
    elif v["lieu"] == calcul.Lieu.DOMICILE and not bareme.a_un_tarif(
        v["medecin"], v["age"], calcul.Acte.VISITE
    ):
        lecture.erreur(
            "lieu",
            "Notre barème n'a pas de tarif de visite à domicile pour ce médecin à cette date.",
        )


def bareme_du(date: datetime.date) -> calcul.Bareme:
    """The barème in force on `date`, or `Refus` with the French message of the date field."""
    try:
        return baremes.bareme_du(date)
    except baremes.HorsPlage as erreur:
        if erreur.premier_jour is None:
            raise Refus("Le barème n'est pas encore chargé : aucun calcul n'est possible.") from None
        raise Refus(
            f"Les tarifs sont connus du {affichage.date_fr(erreur.premier_jour)} au "
            f"{affichage.date_fr(erreur.dernier_jour)} : choisissez une date dans cette période."
        ) from None


def _bareme(lecture):
    date = lecture.valeurs.get("date")
    if date is None:
        return
    try:
        lecture.bareme = bareme_du(date)
    except Refus as refus:
        lecture.erreur("date", str(refus))


def _bareme_incomplet(lecture, erreur):
    # The barème lacks a row on that date (an editor's deletion, a gap): the patient is told in
    # French; the log names the missing figure, never the patient's answers.
    if erreur.pour_le_patient:
        lecture.erreur("__all__", erreur.pour_le_patient)
        return
    logger.warning("Barème incomplet : %s", erreur)
    lecture.erreur(
        "__all__",
        f"Il manque un tarif ou un paramètre dans notre barème du "
        f"{affichage.date_fr(lecture.bareme.date)} : ce calcul n'est pas possible pour le moment. "
        "Essayez une autre date, ou revenez plus tard.",
    )


def calculer(donnees: Mapping) -> tuple[Lecture, calcul.Resultat | None]:
    """`lire()`, then the calculation when the answers are valid; never raises for any input."""
    lecture = lire(donnees)
    if not lecture.valide:
        return lecture, None
    try:
        return lecture, calcul.simuler(lecture.situation, lecture.bareme)
    except calcul.TarifInconnu as erreur:
        _bareme_incomplet(lecture, erreur)
        lecture.situation = None
        return lecture, None
