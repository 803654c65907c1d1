"""The API's typed declarations: the OpenAPI document is generated from them (django-ninja).

The request body declares the contract's fields (DESIGN §3) as strings or numbers; the values are
read by `simulateur.contrat` only. JSON numbers reach the contract as their exact text (see
`lecture.ParserJson`), so `30.50` is read as the form reads « 30.50 ».
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictStr, WithJsonSchema

from simulateur import calcul, contrat

# Accepted values of the contract's closed lists, for the documentation and the fuzzer only:
# the contract checks them, with its own messages.
_VALEURS = {
    "secteur": [s.valeur for s in contrat.SECTEURS],
    "regime": [valeur for valeur, _ in contrat.REGIMES],
    "lieu": [valeur for valeur, _ in contrat.LIEUX],
    "horaire": [valeur for valeur, _ in contrat.HORAIRES],
}
_EXEMPLES = {
    "date": "2026-03-01",
    "medecin": "generaliste",
    "secteur": "1",
    "honoraires": "30",
    "age": 40,
    "parcours": "oui",
    "regime": "general",
    "ald": "oui",
    "maternite": "oui",
    "css": "oui",
    "mutuelle": 200,
    "mutuelle_non_optam": 100,
    "responsable": "oui",
    "acte": calcul.Acte.CONSULTATION,
    "lieu": calcul.Lieu.CABINET,
    "visite_justifiee": "oui",
    "horaire": calcul.Horaire.JOUR,
    "regulee": "oui",
    "participations_annee": "12",
}


_TEXTE_MONTANT = r"^[0-9]{1,4}([.,][0-9]{1,2})?$"
_NOMBRE = {"type": "number", "minimum": 0}


def _forme(nom, champ):
    """The JSON Schema of a field, for the documentation and the fuzzer only (`WithJsonSchema`):
    the values are still read, and refused in French, by the contract."""
    if champ.lire is contrat.lire_montant:
        formes = [{**_NOMBRE, "maximum": 9999.99}, {"type": "string", "pattern": _TEXTE_MONTANT}]
    elif champ.lire is contrat.lire_garantie:
        formes = [
            {**_NOMBRE, "maximum": 1000},
            {"type": "string", "pattern": r"^[0-9]{1,4}([.,][0-9]{1,2})?$"},
        ]
    elif champ.lire is contrat.lire_age:
        formes = [
            {"type": "integer", "minimum": 0, "maximum": contrat.AGE_MAX},
            {"type": "string", "pattern": r"^[0-9]{1,3}$"},
        ]
    elif champ.lire is contrat.lire_date:
        formes = [{"type": "string", "pattern": r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4})$"}]
    elif champ.lire in (contrat.lire_case, contrat.lire_oui_non):
        formes = [{"type": "string", "enum": ["oui", "non"]}]
    elif nom in _VALEURS:
        formes = [{"type": "string", "enum": _VALEURS[nom]}]
    else:  # doctors and acts are data: any identifier of the barème
        formes = [{"type": "string", "pattern": r"^[a-z0-9-]{1,40}$"}]
    return {"anyOf": [*formes, {"type": "null"}]}


def _champ(nom):
    champ = contrat.CHAMPS_PAR_NOM[nom]
    description = champ.libelle
    if nom in _VALEURS:
        description += " : " + ", ".join(f"« {v} »" for v in _VALEURS[nom])
    elif champ.lire in (contrat.lire_case, contrat.lire_oui_non):
        description += " : « oui » ou « non »"
    if champ.defaut is contrat.OBLIGATOIRE:
        description += ". Obligatoire."
    return Annotated[
        StrictStr | StrictFloat | None,
        WithJsonSchema(_forme(nom, champ)),
        Field(default=None, description=description, examples=[_EXEMPLES[nom]]),
    ]


class Simulation(BaseModel):
    """Une consultation à calculer : les champs et valeurs du contrat du simulateur."""

    model_config = ConfigDict(extra="forbid", title="Simulation")

    date: _champ("date")
    medecin: _champ("medecin")
    secteur: _champ("secteur")
    honoraires: _champ("honoraires")
    age: _champ("age")
    parcours: _champ("parcours")
    regime: _champ("regime")
    ald: _champ("ald")
    maternite: _champ("maternite")
    css: _champ("css")
    mutuelle: _champ("mutuelle")
    mutuelle_non_optam: _champ("mutuelle_non_optam")
    responsable: _champ("responsable")
    acte: _champ("acte")
    lieu: _champ("lieu")
    visite_justifiee: _champ("visite_justifiee")
    horaire: _champ("horaire")
    regulee: _champ("regulee")
    participations_annee: _champ("participations_annee")


Montant = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]{2}$", examples=["30.00"])]
# A step may take away (the participation forfaitaire is deducted): signed.
MontantSigne = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["-2.00"])]
Jour = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", examples=["2026-03-01"])]


class Etape(BaseModel):
    libelle: str
    montant: MontantSigne | None
    explication: str
    source: str | None = Field(description="Adresse du texte qui fonde la règle ou le montant.")


class Avertissement(BaseModel):
    code: str
    texte: str


class Tarif(BaseModel):
    code: str
    montant: Montant
    source: str


class Resultat(BaseModel):
    """Le résultat du calcul ; montants en euros, point décimal, deux décimales."""

    date: Jour
    honoraires: Montant
    base_remboursement: Montant
    remboursement_assurance_maladie: Montant = Field(description="Net, après la participation forfaitaire.")
    participation_forfaitaire: Montant
    remboursement_complementaire: Montant = Field(description="Complémentaire santé ou CSS.")
    reste_a_charge: Montant
    depassement: Montant
    hors_parcours: bool
    tarif: Tarif
    etapes: list[Etape]
    avertissements: list[Avertissement]


class Erreurs(BaseModel):
    """Messages en français, par champ ; « __all__ » pour ce qui ne tient pas à un champ."""

    erreurs: dict[str, list[str]] = Field(
        examples=[{"age": ["Indiquez l'âge du patient, en années (0 pour un bébé)."]}]
    )


class Source(BaseModel):
    url: str
    note: str


class LigneTarif(BaseModel):
    medecin: str
    acte: str
    categorie: str
    categorie_libelle: str
    parcours: str
    age_min: int
    age_max: int | None = Field(description="Âge exclu ; absent : sans limite.")
    montant: Montant
    code: str
    debut: Jour
    fin: Jour | None
    source: Source


class Majoration(BaseModel):
    code: str
    libelle: str
    montant: Montant
    horaire: str
    lieu: str
    regulee: bool | None
    visite_justifiee: bool
    medecin: str
    debut: Jour
    fin: Jour | None
    source: Source


class Parametre(BaseModel):
    code: str
    libelle: str
    valeur: str = Field(pattern=r"^[0-9]+\.[0-9]{2}$")
    unite: str
    debut: Jour
    fin: Jour | None
    source: Source


class Medecin(BaseModel):
    valeur: str
    libelle: str
    specialiste: bool
    acces_direct: bool
    acces_direct_age_min: int | None
    acces_direct_age_max: int | None


class Acte(BaseModel):
    valeur: str
    libelle: str
    tarif_opposable_seul: bool
    dans_le_parcours_seulement: bool
    exonere: bool


class Bareme(BaseModel):
    date: Jour
    premier_jour: Jour = Field(description="Premier jour accepté par le calcul.")
    dernier_jour: Jour = Field(description="Dernier jour accepté par le calcul.")
    medecins: list[Medecin]
    actes: list[Acte]
    tarifs: list[LigneTarif]
    majorations: list[Majoration]
    parametres: list[Parametre]


class Choix(BaseModel):
    valeur: str
    libelle: str


class Secteur(BaseModel):
    valeur: str
    libelle: str
    aide: str
    page: str = Field(description="Page du site qui explique ce secteur.")


class Listes(BaseModel):
    medecins: list[Medecin]
    secteurs: list[Secteur]
    actes: list[Acte]
    lieux: list[Choix]
    horaires: list[Choix]
    regimes: list[Choix]
