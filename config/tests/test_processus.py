"""Two real processes share one cache: a change saved by one is served by the other at once.

The site runs as `make run` serves it (gunicorn, two workers) on a throwaway SQLite file; a
separate `manage.py shell` process changes a tariff, as an editor's admin session would on
another server. The very next requests, to either worker, must show the new figure. The cache is
whatever the environment configures: the embedded file cache here, Redis in the CI's Redis pass
(REDIS_URL set).
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
OPTIONS = ["--no-control-socket", "--log-level", "warning"]


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lire(url, donnees=None):
    corps = urllib.parse.urlencode(donnees).encode() if donnees else None
    with urllib.request.urlopen(url, data=corps, timeout=10) as reponse:  # noqa: S310 -- loopback only
        return reponse.read().decode()


@pytest.fixture
def site_reel(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DJANGO_ENV", None)
    manage = [sys.executable, str(RACINE / "manage.py")]
    for commande in (["migrate", "--noinput", "-v0"], ["charger_contenu"]):
        subprocess.run([*manage, *commande], env=env, cwd=RACINE, check=True, capture_output=True)
    port = port_libre()
    serveur = subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2", *OPTIONS],
        env=env,
        cwd=RACINE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                lire(url + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield url, env, manage
    finally:
        serveur.terminate()
        serveur.wait(timeout=10)


def base_du_simulateur(url):
    html = lire(url + "/simulateur/", {"age": "40", "medecin": "generaliste", "secteur": "1"})
    return re.search(r'<data id="base-remboursement" value="([^"]+)"', html).group(1)


def test_une_modification_dans_un_processus_est_servie_par_l_autre(site_reel):
    url, env, manage = site_reel
    for _ in range(6):  # both workers build and keep their pages and barèmes
        assert "30,00\u00a0€" in lire(url + "/")
        assert base_du_simulateur(url) == "30.00"
        lire(url + "/tarifs-en-vigueur/")

    modification = (
        "from simulateur.models import Tarif; "
        "t = Tarif.objects.get(medecin__slug='generaliste', acte='consultation', "
        "categorie='opposable', age_min=6, fin__isnull=True); "
        "t.montant = '31.00'; t.save()"
    )
    subprocess.run(
        [*manage, "shell", "-c", modification], env=env, cwd=RACINE, check=True, capture_output=True
    )

    for _ in range(6):  # the very next requests, whichever worker answers
        assert "31,00\u00a0€" in lire(url + "/")
        assert base_du_simulateur(url) == "31.00"
        assert "31,00\u00a0€" in lire(url + "/tarifs-en-vigueur/")
