"""POST /api/v1/simulations: the calculation's named cases through the API, the same contract and
the same French messages as the form, and every malformed body answered in French."""

import json
import re
from decimal import Decimal

import pytest

from simulateur import affichage, contrat
from simulateur.forms import Formulaire
from simulateur.tests.test_calcul import EXEMPLES
from simulateur.tests.test_consultations import CAS

pytestmark = pytest.mark.django_db

URL = "/api/v1/simulations"


def en_json(situation, date):
    """A situation of the calculation's tests as the JSON a developer would send."""
    corps = {"date": date}
    for nom, valeur in situation.items():
        if isinstance(valeur, bool):
            valeur = "oui" if valeur else "non"
        elif isinstance(valeur, Decimal):
            valeur = str(valeur)
        corps[nom] = valeur
    corps.setdefault("age", 40)
    return corps


def poster(client, corps, **extra):
    texte = corps if isinstance(corps, str | bytes) else json.dumps(corps)
    content_type = extra.pop("content_type", "application/json")
    # CONTENT_TYPE too: the test client drops the header of an empty body, curl does not.
    return client.post(URL, texte, content_type=content_type, CONTENT_TYPE=content_type, **extra)


@pytest.mark.parametrize(("situation", "attendu"), EXEMPLES)
def test_exemples_de_la_reference_par_l_api(client, situation, attendu):
    situation = dict(situation)
    reponse = poster(client, en_json(situation, situation.pop("date", "2026-11-22")))
    assert reponse.status_code == 200, reponse.content
    r = reponse.json()
    assert {
        "base": r["base_remboursement"],
        "pf": r["participation_forfaitaire"],
        "amo": r["remboursement_assurance_maladie"],
        "amc": r["remboursement_complementaire"],
        "reste": r["reste_a_charge"],
    } == {cle: attendu[cle] for cle in ("base", "pf", "amo", "amc", "reste")}


@pytest.mark.parametrize(("champs", "attendu"), CAS)
def test_cas_nommes_des_consultations_par_l_api(client, champs, attendu):
    champs = dict(champs)
    reponse = poster(client, en_json(champs, champs.pop("date", "2026-03-01")))
    assert reponse.status_code == 200, reponse.content
    r = reponse.json()
    assert (
        r["honoraires"],
        r["base_remboursement"],
        r["remboursement_assurance_maladie"],
        r["remboursement_complementaire"],
        r["reste_a_charge"],
    ) == attendu


def test_reponse_complete_et_egale_au_calcul_du_contrat(client):
    corps = {"date": "2026-03-01", "medecin": "generaliste", "secteur": "2", "honoraires": "50", "age": "40"}
    reponse = poster(client, {**corps, "mutuelle": 200})
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/json")
    r = reponse.json()
    _, resultat = contrat.calculer({**corps, "mutuelle": "200"})
    assert r["date"] == "2026-03-01"
    assert r["honoraires"] == "50.00" and r["depassement"] == affichage.valeur_data(resultat.depassement)
    assert [e["libelle"] for e in r["etapes"]] == [e.libelle for e in resultat.etapes]
    assert [e["explication"] for e in r["etapes"]] == [affichage.texte(e) for e in resultat.etapes]
    assert [e["source"] for e in r["etapes"]] == [e.source or None for e in resultat.etapes]
    assert [a["texte"] for a in r["avertissements"]] == [affichage.texte(a) for a in resultat.avertissements]
    assert all("<" not in e["explication"] and "{" not in e["explication"] for e in r["etapes"])
    assert r["tarif"]["source"].startswith("https://")
    for cle in ("base_remboursement", "remboursement_assurance_maladie", "participation_forfaitaire"):
        assert re.fullmatch(r"[0-9]+\.[0-9]{2}", r[cle])


def test_memes_montants_que_la_page_du_simulateur(client):
    champs = {"date": "2026-03-01", "medecin": "psychiatre", "secteur": "2-optam", "honoraires": "80,50"}
    champs |= {"age": "30", "mutuelle": "150", "horaire": "soir"}
    page = client.post("/simulateur/", champs).content.decode()
    sur_la_page = dict(re.findall(r'<data id="([a-z-]+)" value="([^"]+)"', page))
    r = poster(client, champs).json()
    for identifiant in (
        "base-remboursement",
        "remboursement-assurance-maladie",
        "participation-forfaitaire",
        "remboursement-complementaire",
        "reste-a-charge",
    ):
        assert r[identifiant.replace("-", "_")] == sur_la_page[identifiant], identifiant


@pytest.mark.parametrize("honoraires", [30.5, "30.5", "30,50", "30.50"])
def test_nombres_json_lus_comme_leur_texte(client, honoraires):
    r = poster(client, {"age": 40, "honoraires": honoraires, "mutuelle": 100, "date": "2026-03-01"})
    assert r.status_code == 200
    assert r.json()["honoraires"] == "30.50"


def test_un_nombre_json_garde_son_texte_exact(client):
    # 30.50 is read as « 30.50 », never as a float; an exponent is refused as the form refuses it.
    assert poster(client, '{"age": 40, "honoraires": 30.50}').json()["honoraires"] == "30.50"
    r = poster(client, '{"age": 4e1}')
    assert r.status_code == 422
    with pytest.raises(contrat.Refus) as refus:
        contrat.lire_age("4e1")
    assert r.json() == {"erreurs": {"age": [str(refus.value)]}}


def test_valeurs_par_defaut_du_contrat(client):
    r = poster(client, {"age": 40}).json()
    lecture, resultat = contrat.calculer({"age": "40"})
    assert r["date"] == lecture.valeurs["date"].isoformat()
    assert r["honoraires"] == affichage.valeur_data(lecture.honoraires_proposes)
    assert r["reste_a_charge"] == affichage.valeur_data(resultat.reste_a_charge)


INVALIDES = [
    {},
    {"age": "quarante", "secteur": "4"},
    {"age": "-3", "honoraires": "-1"},
    {"age": 40, "honoraires": "12,345", "mutuelle": "50"},
    {"age": 40, "date": "2020-01-01"},
    {"age": 40, "date": "31/02/2026"},
    {"age": 40, "medecin": "astrologue", "parcours": "peut-être"},
    {"age": 40, "acte": "avis-ponctuel", "parcours": "non", "lieu": "teleconsultation"},
    {"age": "9" * 100},
    {"age": 40, "ald": "vrai"},
]


@pytest.mark.parametrize("corps", INVALIDES)
def test_422_avec_exactement_les_messages_du_formulaire(client, corps):
    reponse = poster(client, corps)
    assert reponse.status_code == 422
    assert reponse["Cache-Control"] == "no-store"
    form = Formulaire({nom: str(valeur) for nom, valeur in corps.items()})
    attendu = {nom: list(dict.fromkeys(m)) for nom, m in form.lecture.erreurs.items()}
    assert attendu and reponse.json() == {"erreurs": attendu}


@pytest.mark.parametrize("valeur", [True, False, [], ["40"], {}, {"age": 40}])
@pytest.mark.parametrize("champ", ["age", "ald", "honoraires", "secteur"])
def test_booleens_listes_et_objets_refuses_en_francais(client, champ, valeur):
    corps = {"age": 40, champ: valeur}
    reponse = poster(client, corps)
    assert reponse.status_code == 422
    erreurs = reponse.json()["erreurs"]
    assert list(erreurs) == [champ]
    assert erreurs[champ] == [
        "Donnez ce champ en texte (par exemple « oui ») ou en nombre : un booléen, "
        "une liste ou un objet ne conviennent pas."
    ]


def test_null_vaut_champ_absent(client):
    r = poster(client, {"age": 40, "honoraires": None, "mutuelle": None})
    assert r.status_code == 200


def test_champ_inconnu(client):
    r = poster(client, {"age": 40, "honoraire": 30})
    assert r.status_code == 422
    assert r.json()["erreurs"]["honoraire"][0].startswith("Ce champ n'existe pas. Champs acceptés : date, ")


@pytest.mark.parametrize(
    ("corps", "content_type", "statut", "debut"),
    [
        ("{age: 40}", "application/json", 400, "Le corps de la requête n'est pas un JSON valide"),
        ('{"age": NaN}', "application/json", 400, "Le corps de la requête n'est pas un JSON valide"),
        ("[" * 5000, "application/json", 400, "Le corps de la requête n'est pas un JSON valide"),
        (b"\xff\xfe\x00", "application/json", 400, "Le corps de la requête n'est pas un JSON valide"),
        ("", "application/json", 400, "Le corps de la requête n'est pas un JSON valide"),
        ("[40]", "application/json", 422, "Envoyez un objet JSON"),
        ('"40"', "application/json", 422, "Envoyez un objet JSON"),
        ("age=40", "application/x-www-form-urlencoded", 415, "Envoyez le corps en JSON"),
        ('{"age": 40}', "text/plain", 415, "Envoyez le corps en JSON"),
        ("", "text/plain", 415, "Envoyez le corps en JSON"),
        ('{"age": "' + "4" * 20_000 + '"}', "application/json", 413, "Le corps de la requête dépasse 16 Kio"),
    ],
)
def test_corps_mal_formes_en_francais_jamais_5xx(client, corps, content_type, statut, debut):
    reponse = poster(client, corps, content_type=content_type)
    assert reponse.status_code == statut
    assert reponse["Content-Type"].startswith("application/json")
    assert reponse["Cache-Control"] == "no-store"
    messages = reponse.json()["erreurs"]["__all__"]
    assert messages[0].startswith(debut)


def test_corps_trop_grand_refuse_avant_lecture(client):
    reponse = client.generic(
        "POST", URL, b"{}", content_type="application/json", CONTENT_LENGTH=str(10 * 1024 * 1024)
    )
    assert reponse.status_code == 413
    # The API's own answer (French JSON, not the public pages' HTML 413), never stored.
    assert reponse["Content-Type"] == "application/json"
    assert "Kio" in reponse.json()["erreurs"]["__all__"][0]
    assert reponse["Cache-Control"] == "no-store"
