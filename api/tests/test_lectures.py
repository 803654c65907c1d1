"""GET /api/v1/bareme and /api/v1/medecins: the figures of a date with their sources, the values
the contract accepts with their labels."""

import datetime

import pytest

from simulateur import baremes, contrat
from simulateur.models import Majoration, Parametre, Tarif

pytestmark = pytest.mark.django_db


def test_bareme_d_une_date_avec_dates_et_sources(client):
    jour = datetime.date(2026, 1, 1)
    reponse = client.get("/api/v1/bareme", {"date": "2026-01-01"})
    assert reponse.status_code == 200
    b = reponse.json()
    assert b["date"] == "2026-01-01" and b["premier_jour"] == "2023-01-01"
    assert len(b["tarifs"]) == Tarif.objects.en_vigueur(jour).count()
    assert len(b["majorations"]) == Majoration.objects.en_vigueur(jour).count()
    assert {p["code"] for p in b["parametres"]} == set(
        Parametre.objects.en_vigueur(jour).values_list("code", flat=True)
    )
    for ligne in b["tarifs"] + b["majorations"] + b["parametres"]:
        assert ligne["debut"] <= "2026-01-01" and (ligne["fin"] is None or ligne["fin"] >= "2026-01-01")
        assert ligne["source"]["url"].startswith("http")
    g = next(t for t in b["tarifs"] if t["medecin"] == "generaliste" and t["code"] == "G")
    assert g["montant"] == "30.00" and g["debut"] == "2024-12-22"
    pf = next(p for p in b["parametres"] if p["code"] == "participation-forfaitaire")
    assert pf["valeur"] == "2.00" and pf["libelle"] == "Participation forfaitaire"
    assert {"consultation", "consultation-longue"} <= {a["valeur"] for a in b["actes"]}


def test_bareme_du_jour_par_defaut_et_format_francais(client):
    aujourdhui = client.get("/api/v1/bareme").json()
    assert aujourdhui["date"] == baremes.aujourdhui().isoformat()
    assert client.get("/api/v1/bareme", {"date": "15/01/2025"}).json()["date"] == "2025-01-15"


def test_un_tarif_change_a_sa_date(client):
    avant = client.get("/api/v1/bareme", {"date": "2024-12-21"}).json()
    apres = client.get("/api/v1/bareme", {"date": "2024-12-22"}).json()

    def g(b):
        return next(t["montant"] for t in b["tarifs"] if t["medecin"] == "generaliste" and t["age_min"] >= 6)

    assert (g(avant), g(apres)) == ("26.50", "30.00")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2022-12-31", "Les tarifs sont connus du 1er janvier 2023 au"),
        ("2099-01-01", "Les tarifs sont connus du 1er janvier 2023 au"),
        ("2026-02-30", "Indiquez une date réelle, au format JJ/MM/AAAA."),
        ("demain", "Indiquez une date réelle, au format JJ/MM/AAAA."),
        ("9" * 500, "Indiquez une date réelle, au format JJ/MM/AAAA."),
    ],
)
def test_bareme_date_refusee_en_francais(client, date, message):
    reponse = client.get("/api/v1/bareme", {"date": date})
    assert reponse.status_code == 422
    assert reponse["Cache-Control"] == "no-store"
    assert reponse.json()["erreurs"]["date"][0].startswith(message)


def test_valeurs_acceptees_avec_libelles(client):
    reponse = client.get("/api/v1/medecins")
    assert reponse.status_code == 200
    listes = reponse.json()
    assert [s["valeur"] for s in listes["secteurs"]] == [s.valeur for s in contrat.SECTEURS]
    assert [s["libelle"] for s in listes["secteurs"]] == [s.libelle for s in contrat.SECTEURS]
    assert listes["secteurs"][0]["page"].endswith("/secteurs/secteur-1/")
    assert [m["valeur"] for m in listes["medecins"]] == [m.slug for m in baremes.medecins()]
    assert listes["medecins"][0] == {
        "valeur": "generaliste",
        "libelle": "Médecin généraliste",
        "specialiste": False,
        "acces_direct": False,
        "acces_direct_age_min": None,
        "acces_direct_age_max": None,
    }
    assert [a["valeur"] for a in listes["actes"]] == [a.slug for a in baremes.actes()]
    assert [x["valeur"] for x in listes["lieux"]] == [v for v, _ in contrat.LIEUX]
    assert [x["valeur"] for x in listes["horaires"]] == [v for v, _ in contrat.HORAIRES]
    assert [x["valeur"] for x in listes["regimes"]] == [v for v, _ in contrat.REGIMES]
    # Every listed value is one the contract accepts.
    for medecin in listes["medecins"]:
        assert not contrat.lire({"age": "40", "medecin": medecin["valeur"]}).erreurs.get("medecin")
