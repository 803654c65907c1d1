"""The barème of fixtures/ as pure `calcul` objects, without a database (for calculation tests)."""

import datetime
import functools
import json
from decimal import Decimal
from pathlib import Path

from simulateur import calcul

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _lire(nom):
    return [objet["fields"] for objet in json.loads((FIXTURES / f"{nom}.json").read_text(encoding="utf-8"))]


def _date(texte):
    return datetime.date.fromisoformat(texte) if texte else None


def _en_vigueur(ligne, date):
    return _date(ligne["debut"]) <= date and (ligne["fin"] is None or date <= _date(ligne["fin"]))


@functools.cache
def bareme(date):
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    medecins = {
        m["slug"]: calcul.Medecin(
            slug=m["slug"],
            libelle=m["libelle"],
            specialiste=m["specialiste"],
            acces_direct=m["acces_direct"],
            acces_direct_age_min=m["acces_direct_age_min"],
            acces_direct_age_max=m["acces_direct_age_max"],
        )
        for m in _lire("simulateur.medecin")
    }
    tarifs = tuple(
        calcul.LigneTarif(
            medecin=t["medecin"][0],
            categorie=t["categorie"],
            parcours=t["parcours"],
            age_min=t["age_min"],
            age_max=t["age_max"],
            montant=Decimal(t["montant"]),
            code=t["code"],
            debut=_date(t["debut"]),
            fin=_date(t["fin"]),
            source=calcul.Source(t["source_url"], t["note"]),
            acte=t.get("acte", calcul.Acte.CONSULTATION),
        )
        for t in _lire("simulateur.tarif")
        if _en_vigueur(t, date)
    )
    parametres = {
        p["code"]: calcul.Parametre(
            code=p["code"],
            valeur=Decimal(p["valeur"]),
            unite=p["unite"],
            debut=_date(p["debut"]),
            fin=_date(p["fin"]),
            source=calcul.Source(p["source_url"], p["note"]),
        )
        for p in _lire("simulateur.parametre")
        if _en_vigueur(p, date)
    }
    actes = {
        a["slug"]: calcul.InfoActe(
            slug=a["slug"],
            libelle=a["libelle"],
            tarif_opposable_seul=a["tarif_opposable_seul"],
            dans_le_parcours_seulement=a["dans_le_parcours_seulement"],
            exonere=a["exonere"],
            note=a["note"],
        )
        for a in _lire("simulateur.acte")
    }
    majorations = tuple(
        calcul.Majoration(
            code=m["code"],
            libelle=m["libelle"],
            montant=Decimal(m["montant"]),
            horaire=m["horaire"],
            lieu=m["lieu"],
            regulee={"oui": True, "non": False}.get(m["regulation"]),
            visite_justifiee=m["visite_justifiee"],
            medecin=m["medecin"][0] if m["medecin"] else "",
            debut=_date(m["debut"]),
            fin=_date(m["fin"]),
            source=calcul.Source(m["source_url"], m["note"]),
        )
        for m in _lire("simulateur.majoration")
        if _en_vigueur(m, date)
    )
    premier_jour = min(_date(t["debut"]) for t in _lire("simulateur.tarif"))
    return calcul.Bareme(
        date=date,
        medecins=medecins,
        tarifs=tarifs,
        parametres=parametres,
        premier_jour=premier_jour,
        actes=actes,
        majorations=majorations,
    )
