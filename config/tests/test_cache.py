"""The shared cache: no visitor sees another visitor's request, and hostile requests neither
bypass the page cache nor fill it."""

import pytest
from django.core.cache import cache

from simulateur import baremes

pytestmark = pytest.mark.django_db


def canonique(html):
    debut = html.index('<link rel="canonical" href="') + len('<link rel="canonical" href="')
    return html[debut : html.index('"', debut)]


@pytest.mark.parametrize("url", ["/simulateur/", "/glossaire/", "/", "/questions-frequentes/"])
def test_une_requete_piegee_ne_change_pas_la_page_des_suivants(client, settings, url):
    settings.ALLOWED_HOSTS = ["*"]  # a lax proxy lets any Host through: the page must not care
    piege = client.get(url + "?ref=phish.example", HTTP_HOST="evil.example").content.decode()
    assert canonique(piege) == settings.SITE_URL + url
    html = client.get(url).content.decode()
    assert canonique(html) == settings.SITE_URL + url
    assert "phish" not in html and "evil" not in html


def test_requetes_aleatoires_et_faux_cookies_servis_par_le_cache(client, monkeypatch):
    client.get("/glossaire/")
    ecritures = []
    vrai_set = cache.set
    monkeypatch.setattr(cache, "set", lambda *a, **k: ecritures.append(a[0]) or vrai_set(*a, **k))
    for i in range(20):
        client.cookies["sessionid"] = f"faux-{i}"
        assert client.get(f"/glossaire/?x={i}&utm_source={i}").status_code == 200
    assert ecritures == []


def test_la_recherche_de_la_faq_a_sa_propre_cle(client):
    tout = client.get("/questions-frequentes/").content.decode()
    filtre = client.get("/questions-frequentes/?q=alsace").content.decode()
    assert tout != filtre
    assert client.get("/questions-frequentes/").content.decode() == tout


def test_une_modification_change_la_version_partagee():
    from simulateur.models import Tarif

    avant = baremes.version()
    ligne = Tarif.objects.filter(fin__isnull=True).first()
    ligne.save()
    assert baremes.version() != avant
    # The version lives in the shared cache, not in this process.
    assert cache.get(baremes.CLE_VERSION) == baremes.version()


def test_une_page_servie_reste_en_memoire_du_processus_jusqu_a_la_version_suivante(client, monkeypatch):
    """A page already served comes from this process's memory, without reading the shared
    cache again; a change (a new version) is served on the very next request."""
    from secteurs.models import Terme

    premiere = client.get("/glossaire/").content
    lectures = []
    vrai_get = cache.get
    monkeypatch.setattr(cache, "get", lambda cle, *a, **k: lectures.append(cle) or vrai_get(cle, *a, **k))
    assert client.get("/glossaire/").content == premiere
    assert [cle for cle in lectures if cle.startswith("page:")] == []
    terme = Terme.objects.first()
    terme.definition += " Précision ajoutée."
    terme.save()
    assert "Précision ajoutée." in client.get("/glossaire/").content.decode()
