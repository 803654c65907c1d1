"""Budgets: database queries per page, and the weight of a first visit."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/secteurs/",
    "/secteurs/secteur-2/",
    "/questions-frequentes/",
    "/questions-frequentes/css-depassement/",
    "/tarifs-en-vigueur/",
    "/glossaire/",
    "/mentions-legales/",
]
POIDS_MAX = 35 * 1024


def requetes(client, url, **kwargs):
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url, **kwargs).status_code == 200
    return len(capture)


@pytest.mark.parametrize("url", PAGES)
def test_page_editoriale_au_plus_3_requetes_puis_aucune(client, url):
    client.get("/simulateur/")  # warms the barème, shared by every page
    assert requetes(client, url) <= 3
    assert requetes(client, url) == 0


def test_une_modification_reconstruit_la_page(client):
    from secteurs.models import Question

    assert "Réponse mise à jour" not in client.get("/questions-frequentes/css-depassement/").content.decode()
    question = Question.objects.get(slug="css-depassement")
    question.reponse = "Réponse mise à jour."
    question.save()
    assert "Réponse mise à jour" in client.get("/questions-frequentes/css-depassement/").content.decode()


def test_simulation_avec_bareme_chaud_sans_requete(client):
    donnees = {"age": "40", "secteur": "2", "honoraires": "50", "mutuelle": "200"}
    client.post("/simulateur/", donnees)
    with CaptureQueriesContext(connection) as capture:
        client.post("/simulateur/", donnees, HTTP_HX_REQUEST="true")
        client.post("/simulateur/", donnees)
    assert len(capture) == 0


def poids_compresse(octets):
    return len(gzip.compress(octets, compresslevel=9))


@pytest.mark.parametrize("url", ["/", "/simulateur/"])
def test_premiere_visite_au_plus_35_ko_compresses(client, url):
    html = client.get(url).content
    total = poids_compresse(html)
    ressources = re.findall(rb'(?:src|href)="/static/([^"]+)"', html)
    assert b"css/site.css" in ressources and b"django_htmx/htmx-2.min.js" in ressources
    for chemin in ressources:
        with open(finders.find(chemin.decode()), "rb") as fichier:
            total += poids_compresse(fichier.read())
    assert total <= POIDS_MAX, f"{url} : {total} octets"


def test_fichiers_statiques_versionnes_et_gardes_un_an(tmp_path, settings, rf):
    """As in production: fingerprinted names, compressed, and cached for good by browsers."""
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.templatetags.static import static
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    url = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    reponse = whitenoise(rf.get(url, HTTP_ACCEPT_ENCODING="gzip"))
    reponse.close()  # closes the served file
    assert reponse.status_code == 200
    assert reponse["Content-Encoding"] == "gzip"
    assert "immutable" in reponse["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", reponse["Cache-Control"]).group(1)) >= 365 * 24 * 3600


def test_pages_servies_compressees(client):
    for entetes in ({}, {"HTTP_HX_REQUEST": "true"}):
        reponse = client.post("/simulateur/", {"age": "40"}, HTTP_ACCEPT_ENCODING="gzip", **entetes)
        assert reponse["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in reponse["Vary"]
    reponse = client.get("/simulateur/", HTTP_ACCEPT_ENCODING="gzip")
    assert reponse["Content-Encoding"] == "gzip"
    assert len(reponse.content) < 8 * 1024
