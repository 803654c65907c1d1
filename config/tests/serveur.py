"""The site as `make run` serves it, for tests that need real processes (slow clients, faults).

gunicorn is started with the Makefile's own options (one source of truth), on a throwaway SQLite
file and cache folder; its stderr (the error log) is kept for the tests to read."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def options_du_makefile():
    """gunicorn's options as `make run` passes them, without the bind address and access log."""
    texte = (RACINE / "Makefile").read_text()
    ligne = re.search(r"gunicorn config\.wsgi:application (.+?)\n\n", texte, re.S).group(1)
    options = ligne.replace("\\\n", " ").replace("$(PORT)", "0").split()
    resultat, sauter = [], False
    for option in options:
        if sauter:
            sauter = False
        elif option in ("--bind", "--access-logfile"):
            sauter = True
        else:
            resultat.append(option)
    return resultat


def production(dossier):
    """The production settings (DEBUG off, hashed compressed static files, deploy checks) with
    throwaway values, plain HTTP on the loopback."""
    return {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "tests-" + os.urandom(24).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(dossier / "static"),
        **{nom: "Suite de tests (valeur fictive)" for nom in MENTIONS_LEGALES},
    }


MENTIONS_LEGALES = ("SITE_EDITEUR", "SITE_DIRECTEUR_PUBLICATION", "SITE_HEBERGEUR")


@contextlib.contextmanager
def site_gunicorn(dossier, options=None, env=None, en_production=False):
    """Yields (url, env, journal path); stops gunicorn whatever happens. Development settings,
    or with `en_production` the production ones (static files collected first)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{dossier / 'site.sqlite3'}",
        "DJANGO_CACHE_DIR": str(dossier / "cache"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **(env or {}),
    }
    env.pop("DJANGO_ENV", None)
    commandes = [["migrate", "--noinput", "-v0"], ["charger_contenu"]]
    if en_production:
        env.update(production(dossier))
        commandes.append(["collectstatic", "--noinput", "-v0"])
    manage = [sys.executable, str(RACINE / "manage.py")]
    for commande in commandes:
        subprocess.run([*manage, *commande], env=env, cwd=RACINE, check=True, capture_output=True)
    port = port_libre()
    journal = dossier / "gunicorn.log"
    with journal.open("w") as sortie:
        serveur = subprocess.Popen(
            [
                str(GUNICORN),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                *(options if options is not None else options_du_makefile()),
            ],
            env=env,
            cwd=RACINE,
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 -- loopback
                    break
            except OSError:
                time.sleep(0.1)
        yield url, env, journal
    finally:
        serveur.terminate()
        serveur.wait(timeout=15)
