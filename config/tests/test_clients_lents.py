"""Slow clients cannot starve the site (issue 11, point 4).

The site runs as `make run` serves it (gunicorn with the Makefile's options and its configuration
file); sockets announce a 1 000-byte body and send 5 bytes, as a slow or hostile client would.
`/healthz` and a public page must still answer at once, not after the workers' 30 s timeout
(measured on sync workers: 31 s).
"""

import re
import socket
import subprocess
import time
import urllib.request

from config.tests.serveur import GUNICORN, RACINE, options_du_makefile, site_gunicorn

CLIENTS_LENTS = 4


def test_la_configuration_de_production_sert_avec_des_threads():
    """`gunicorn -c config/gunicorn.conf.py`, as the README says to start production, uses the
    threaded workers by itself; `make run` passes nothing that would change them."""
    sortie = subprocess.run(
        [
            str(GUNICORN),
            "--config",
            str(RACINE / "config/gunicorn.conf.py"),
            "--print-config",
            "config.wsgi:application",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=RACINE,
    ).stdout
    reglages = dict(re.findall(r"^(\w+)\s*=\s*(.*)$", sortie, re.M))
    assert reglages["worker_class"] == "gthread"
    assert int(reglages["threads"]) > CLIENTS_LENTS
    assert int(reglages["workers"]) == 2
    options = options_du_makefile()
    assert "--config" in options and not {"--worker-class", "--threads", "--workers", "-k", "-w"} & set(
        options
    )


def test_des_clients_lents_ne_bloquent_pas_le_site(tmp_path):
    with site_gunicorn(tmp_path) as (url, _, _):
        port = int(url.rsplit(":", 1)[1])
        lents = []
        try:
            for _ in range(CLIENTS_LENTS):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(
                    b"POST /simulateur/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nage=4"
                )
                lents.append(s)
            time.sleep(0.5)
            for chemin in ("/healthz", "/", "/healthz", "/questions-frequentes/"):
                debut = time.monotonic()
                with urllib.request.urlopen(url + chemin, timeout=10) as reponse:  # noqa: S310 -- loopback
                    assert reponse.status == 200
                assert time.monotonic() - debut < 2, chemin
        finally:
            for s in lents:
                s.close()
