"""What every API answer shares: CORS without credentials, no cookie, `no-store`, the rate limit
per address in the shared cache, CSRF left to the HTML site, French errors, nothing in the logs."""

import json

import pytest
from django.test import Client

from api import middleware

pytestmark = pytest.mark.django_db

SIMULATION = {"age": 47, "honoraires": "31,41", "ald": "oui", "css": "oui", "date": "2026-03-01"}


def poster(client, corps=SIMULATION, **extra):
    return client.post("/api/v1/simulations", json.dumps(corps), content_type="application/json", **extra)


def reponses_variees(client):
    yield poster(client)
    yield poster(client, {"age": "quarante-sept"})
    yield client.post("/api/v1/simulations", "pas du json", content_type="application/json")
    yield client.get("/api/v1/bareme")
    yield client.get("/api/v1/bareme", {"date": "hier"})
    yield client.get("/api/v1/medecins")
    yield client.get("/api/v1/openapi.json")
    yield client.get("/api/v1/inconnue")
    yield client.delete("/api/v1/simulations")


def test_cors_ouvert_sans_identifiants_sur_toute_reponse(client):
    for reponse in reponses_variees(client):
        assert reponse["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in reponse


def test_requete_preliminaire_cors(client):
    reponse = client.options(
        "/api/v1/simulations",
        HTTP_ORIGIN="https://comparateur.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert reponse.status_code == 204
    assert reponse["Access-Control-Allow-Origin"] == "*"
    assert "POST" in reponse["Access-Control-Allow-Methods"]
    assert reponse["Access-Control-Allow-Headers"].lower() == "content-type"
    assert "Access-Control-Allow-Credentials" not in reponse


def test_ni_cookie_ni_vary_cookie(client):
    client.cookies["sessionid"] = "inventee"
    client.cookies["csrftoken"] = "inventee"
    for reponse in reponses_variees(client):
        assert not reponse.cookies, reponse.request["PATH_INFO"]
        assert "Set-Cookie" not in reponse
        assert "cookie" not in reponse.get("Vary", "").lower()


def test_no_store_sur_les_calculs_et_toutes_les_erreurs(client):
    for reponse in reponses_variees(client):
        if reponse.request["REQUEST_METHOD"] == "POST" or reponse.status_code >= 400:
            assert reponse["Cache-Control"] == "no-store", reponse.request["PATH_INFO"]
        else:
            assert reponse["Cache-Control"] == "public, max-age=300"


def test_erreurs_de_django_en_json_francais(client):
    introuvable = client.get("/api/v1/inconnue")
    assert introuvable.status_code == 404
    assert introuvable.json()["erreurs"]["__all__"][0].startswith("Cette adresse n'existe pas dans l'API")
    methode = client.delete("/api/v1/simulations")
    assert methode.status_code == 405 and methode["Allow"] == "POST"
    assert methode.json() == {"erreurs": {"__all__": ["Cette méthode n'est pas acceptée à cette adresse."]}}


def test_base_indisponible_503_en_json(client, monkeypatch):
    from django.db.utils import OperationalError

    from simulateur import contrat

    def panne(*args, **kwargs):
        raise OperationalError("base arrêtée")

    monkeypatch.setattr(contrat, "calculer", panne)
    reponse = poster(client)
    assert reponse.status_code == 503
    assert reponse["Retry-After"] == "60"
    assert reponse.json()["erreurs"]["__all__"][0].startswith("Service momentanément indisponible")


def test_limite_par_adresse_429_en_francais(settings):
    settings.API_LIMITE_PAR_MINUTE = 3
    un, autre = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")
    assert [poster(un).status_code for _ in range(3)] == [200, 200, 200]
    trop = un.get("/api/v1/medecins")
    assert trop.status_code == 429
    assert 1 <= int(trop["Retry-After"]) <= middleware.FENETRE
    assert trop["Cache-Control"] == "no-store" and trop["Access-Control-Allow-Origin"] == "*"
    message = trop.json()["erreurs"]["__all__"][0]
    assert message.startswith("Trop de requêtes depuis votre adresse : réessayez dans ")
    assert "3 requêtes par minute" in message
    assert poster(autre).status_code == 200
    # Preflights are not counted, and the HTML site is never limited.
    assert un.options("/api/v1/simulations").status_code == 204
    assert un.get("/api/").status_code == 200


def test_la_limite_suit_le_cache_partage(settings):
    from django.core.cache import cache

    settings.API_LIMITE_PAR_MINUTE = 1
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert client.get("/api/v1/medecins").status_code == 200
    assert client.get("/api/v1/medecins").status_code == 429
    cache.clear()  # another process reads the same counters: clearing them lifts the limit
    assert client.get("/api/v1/medecins").status_code == 200


def test_adresse_derriere_un_proxy(settings, rf):
    requete = rf.get("/api/v1/medecins", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    settings.PROXY_COUNT = 0
    assert middleware.adresse_client(requete) == "10.0.0.1"  # no proxy trusted: the header is ignored
    settings.PROXY_COUNT = 1
    assert middleware.adresse_client(requete) == "198.51.100.4"  # never the forged first entry


def test_limite_desactivee(settings):
    settings.API_LIMITE_PAR_MINUTE = 0
    client = Client(REMOTE_ADDR="203.0.113.10")
    assert all(client.get("/api/v1/medecins").status_code == 200 for _ in range(5))


def test_csrf_ne_s_applique_pas_a_l_api_mais_reste_sur_le_site():
    client = Client(enforce_csrf_checks=True)
    assert poster(client).status_code == 200
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403


def test_le_corps_n_est_jamais_journalise(client, caplog):
    caplog.set_level("DEBUG")
    poster(client)
    poster(client, {"age": "quarante-sept", "honoraires": "-31,41", "maternite": "oui"})
    poster(client, {"age": 47, "inconnu": "secret-31,41"})
    client.post("/api/v1/simulations", '{"age": "quarante-sept"', content_type="application/json")
    client.post("/api/v1/simulations", "age=quarante-sept", content_type="application/x-www-form-urlencoded")
    client.get("/api/v1/bareme", {"date": "quarante-sept"})
    assert caplog.records  # the failures are logged, without their content
    for valeur in ("31,41", "quarante-sept", "47", "secret"):
        assert valeur not in caplog.text
