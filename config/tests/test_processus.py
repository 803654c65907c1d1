"""Two real processes share one cache: a change saved by one is served by the other at once.

The site runs as `make run` serves it (gunicorn, two workers) on a throwaway SQLite file; a
separate `manage.py shell` process changes a tariff, as an editor's admin session would on
another server. The very next requests, to either worker, must show the new figure. The cache is
whatever the environment configures: the embedded file cache here, Redis in the CI's Redis pass
(REDIS_URL set).
"""

import re
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from config.tests.serveur import RACINE, site_gunicorn


def lire(url, donnees=None):
    corps = urllib.parse.urlencode(donnees).encode() if donnees else None
    with urllib.request.urlopen(url, data=corps, timeout=10) as reponse:  # noqa: S310 -- loopback only
        return reponse.read().decode()


@pytest.fixture
def site_reel(tmp_path):
    """The site with `make run`'s options: two workers, each request on either."""
    with site_gunicorn(tmp_path) as (url, env, _journal):
        yield url, env, [sys.executable, str(RACINE / "manage.py")]


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
