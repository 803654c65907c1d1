"""The French documentation page /api/: a page of the site, linked from the footer and the
sitemap, whose `curl` examples work as pasted (run here with the real curl, against the live
test server) and whose answers are the API's."""

import html
import json
import re
import shutil
import subprocess
import urllib.request

import pytest

pytestmark = pytest.mark.django_db


def blocs(page, classe):
    return [html.unescape(b) for b in re.findall(rf'<code class="{classe}">(.*?)</code>', page, re.S)]


def test_page_de_documentation(client):
    reponse = client.get("/api/")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert len(re.findall(r"<h1[ >]", page)) == 1 and '<html lang="fr">' in page
    assert "default-src 'none'" in reponse["Content-Security-Policy"]
    assert not reponse.cookies
    assert "<script" not in page.replace('<script src="/static/', "")  # no inline script, no CDN
    assert "style=" not in page and "swagger" not in page.lower()
    for operation in ("/api/v1/simulations", "/api/v1/bareme", "/api/v1/medecins", "/api/v1/openapi.json"):
        assert operation in page
    from simulateur import contrat

    for nom in contrat.NOMS:
        assert f"<code>{nom}</code>" in page, nom


def test_liee_depuis_le_pied_de_page_et_le_plan_du_site(client, settings):
    assert '<a href="/api/">API publique</a>' in client.get("/").content.decode()
    assert f"<loc>{settings.SITE_URL}/api/</loc>" in client.get("/sitemap.xml").content.decode()


def test_la_reponse_affichee_est_celle_de_l_api(client):
    page = client.get("/api/").content.decode()
    commande, reponse_affichee = blocs(page, "curl")[0], blocs(page, "reponse")[0]
    corps = re.search(r"-d '(.*)'", commande).group(1)
    reponse = client.post("/api/v1/simulations", corps, content_type="application/json")
    assert reponse.status_code == 200
    assert reponse.json() == json.loads(reponse_affichee)


@pytest.mark.django_db(transaction=True)
def test_les_exemples_curl_marchent_tels_quels(site_en_ligne, settings):
    settings.SITE_URL = site_en_ligne.url  # the page writes its examples with the site's address
    with urllib.request.urlopen(site_en_ligne.url + "/api/") as reponse:  # noqa: S310 (local test server)
        page = reponse.read().decode()
    commandes, reponses = blocs(page, "curl"), blocs(page, "reponse")
    assert len(commandes) >= 6
    sorties = []
    for commande in commandes:
        assert commande.startswith("curl -s") and site_en_ligne.url in commande
        fini = subprocess.run(
            [shutil.which("bash"), "-c", commande], capture_output=True, text=True, timeout=30, check=False
        )
        assert fini.returncode == 0, (commande, fini.stderr)
        sorties.append(fini.stdout)
    # The two simulations answer exactly what the page shows: a result, then French errors.
    assert json.loads(sorties[0]) == json.loads(reponses[0])
    assert json.loads(sorties[1]) == json.loads(reponses[1])
    assert json.loads(sorties[1])["erreurs"]["age"]
    assert json.loads(sorties[2])["tarifs"] and json.loads(sorties[3])["secteurs"]
    assert json.loads(sorties[4])["openapi"].startswith("3.")
    entetes = sorties[5].lower()
    assert entetes.startswith("http/1.1 200") and "access-control-allow-origin: *" in entetes
