"""The directory's codes, translated into the simulator's contract (`simulateur.contrat`).

Sources: the national code list TRE_R282 « secteur conventionnel » (version of 28 September
2026) for the sector codes, the dataset's documentation for `type_ps_code` and the tariff
option, and the CNAM's specialty codes. Several specialty codes share one label in the file
(general practice 01/22/23, psychiatry 33/75, gynaecology 07/70/77/79): a code is read first,
its label only when the code is unknown, and anything else is « autre spécialiste ».
"""

import functools
import re
import unicodedata

from simulateur import calcul

TYPE_MEDECIN = "1"

# TRE_R282. Beware: one public importer swaps 2 and 3 (code 3 has ~77 000 rows, code 2 ~56).
SECTEUR_NON_CONVENTIONNE = "0"
SECTEUR_1 = "1"
SECTEUR_1_DROIT_PERMANENT = "2"
SECTEUR_2 = "3"
SECTEURS = {
    SECTEUR_NON_CONVENTIONNE: calcul.Secteur.S3,
    SECTEUR_1: calcul.Secteur.S1,
    SECTEUR_1_DROIT_PERMANENT: calcul.Secteur.S1_DP,
    SECTEUR_2: calcul.Secteur.S2,
}
# OPTAM and OPTAM-ACO: open to secteur 2 and to secteur 1 with a droit permanent à dépassement
# (which stays its sector: `Medecin.secteur_simule` says how the simulator reimburses it).
OPTIONS_OPTAM = {"3": "OPTAM", "4": "OPTAM-ACO"}

AUTRE_SPECIALISTE = "autre-specialiste"
MEDECINS_PAR_CODE = {
    "01": "generaliste",
    "22": "generaliste",
    "23": "generaliste",
    "12": "pediatre",
    "07": "gynecologue",
    "70": "gynecologue",
    "77": "gynecologue",
    "79": "gynecologue",
    "15": "ophtalmologue",
    "05": "dermatologue",
    "33": "psychiatre",
    "75": "psychiatre",
    "17": "psychiatre",  # neuropsychiatrie
    "32": "neurologue",
    "03": "cardiologue",
    "34": "geriatre",
}
# When a code is missing or unknown: the start of the normalised label.
MEDECINS_PAR_LIBELLE = (
    ("medecine generale", "generaliste"),
    ("medecin generaliste", "generaliste"),
    ("pediatr", "pediatre"),
    ("gynecolog", "gynecologue"),
    ("obstetri", "gynecologue"),
    ("ophtalmolog", "ophtalmologue"),
    ("dermatolog", "dermatologue"),
    ("psychiatr", "psychiatre"),
    ("neurologi", "neurologue"),
    ("neurologue", "neurologue"),
    ("cardiolog", "cardiologue"),
    ("geriatr", "geriatre"),
)
# Preference when one practitioner has several specialties at one place: the simulator is most
# useful with the specialty it knows best; a general practitioner is listed as such.
PRIORITE = ("generaliste", *dict.fromkeys(MEDECINS_PAR_CODE.values()), AUTRE_SPECIALISTE)


_MOTS = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=100_000)
def normaliser(texte):
    """Lower case, no accents, only letters and digits separated by single spaces:
    « SAINT-ÉTIENNE » → « saint etienne ». (Memoised: towns and first names repeat.)"""
    texte = texte.lower()
    if not texte.isascii():
        texte = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(_MOTS.findall(texte))


def type_medecin(code, libelle):
    if code in MEDECINS_PAR_CODE:
        return MEDECINS_PAR_CODE[code]
    propre = normaliser(libelle)
    for debut, slug in MEDECINS_PAR_LIBELLE:
        if propre.startswith(debut):
            return slug
    return AUTRE_SPECIALISTE


def secteur(code_secteur, code_option):
    """The simulator's sector value, or None for a code this version does not know."""
    valeur = SECTEURS.get(code_secteur)
    if code_option in OPTIONS_OPTAM and valeur == calcul.Secteur.S2:
        return calcul.Secteur.S2_OPTAM
    return valeur


def carte_vitale(valeur):
    propre = normaliser(valeur)
    if propre in ("o", "oui", "1", "true", "vrai", "y", "yes"):
        return True
    if propre in ("n", "non", "0", "false", "faux", "no"):
        return False
    return None
