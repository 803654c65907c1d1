"""Site-wide checks: every public page, headers, privacy, health."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secteurs.models import Page, Question

pytestmark = pytest.mark.django_db


def urls_publiques():
    fixes = [
        "/",
        "/secteurs/",
        "/questions-frequentes/",
        "/tarifs-en-vigueur/",
        "/glossaire/",
        "/simulateur/",
        "/verifier-le-secteur-de-son-medecin/",
        "/mentions-legales/",
        "/accessibilite/",
        "/confidentialite/",
        "/sources/",
        "/api/",
    ]
    pages = [p.get_absolute_url() for p in Page.objects.publies().exclude(slug="secteurs")]
    questions = [q.get_absolute_url() for q in Question.objects.publies()]
    return list(dict.fromkeys(fixes + pages + questions))


def test_chaque_page_publique(client):
    urls = urls_publiques()
    assert len(urls) > 30
    for url in urls:
        reponse = client.get(url)
        html = reponse.content.decode()
        assert reponse.status_code == 200, url
        assert len(re.findall(r"<h1[ >]", html)) == 1, url
        assert '<html lang="fr">' in html, url
        assert 'id="contenu"' in html, url
        assert not reponse.cookies, url
        csp = reponse["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert reponse["Permissions-Policy"].startswith("accelerometer=()")
        assert reponse["Referrer-Policy"] == "same-origin"
        assert reponse["X-Content-Type-Options"] == "nosniff"


def test_page_introuvable_en_francais(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()
    assert "Content-Security-Policy" in reponse


def test_healthz(client):
    reponse = client.get("/healthz")
    assert (reponse.status_code, reponse.content) == (200, b"ok")
    assert not reponse.cookies


def test_healthz_503_si_la_base_ne_repond_pas(client, monkeypatch):
    from django.db.utils import OperationalError

    def panne(*args, **kwargs):
        raise OperationalError("base arrêtée")

    monkeypatch.setattr(connection, "cursor", panne)
    reponse = client.get("/healthz")
    assert reponse.status_code == 503


def test_robots_et_sitemap(client, settings):
    robots = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert "Disallow: /admin/" in robots and f"Sitemap: {settings.SITE_URL}/sitemap.xml" in robots
    # Addresses come from SITE_URL, never from the request's Host.
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert "localhost" not in sitemap
    for url in urls_publiques():
        assert f"<loc>{settings.SITE_URL}{url}</loc>" in sitemap, url


def test_admin_en_francais_et_reserve_au_personnel(client):
    reponse = client.get("/admin/", follow=True)
    assert "Nom d’utilisateur" in reponse.content.decode() or "Nom d'utilisateur" in reponse.content.decode()


def test_aucune_migration_en_attente():
    sortie = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=sortie)


def test_les_pages_n_interrogent_pas_la_base_a_l_infini(client):
    client.get("/simulateur/")
    with CaptureQueriesContext(connection) as requetes:
        client.post("/simulateur/", {"age": "40"})
    assert len(requetes) == 0
