"""Slow clients cannot starve the site (issue 11, point 4).

The site runs as `make run` serves it (gunicorn with the Makefile's options); sockets announce a
1 000-byte body and send 5 bytes, as a slow or hostile client would. `/healthz` and a public page
must still answer at once, not after the workers' 30 s timeout (measured on sync workers: 31 s).
"""

import socket
import time
import urllib.request

from config.tests.serveur import options_du_makefile, site_gunicorn

CLIENTS_LENTS = 4


def test_le_makefile_sert_avec_des_threads():
    options = options_du_makefile()
    assert options[options.index("--worker-class") + 1] == "gthread"
    assert int(options[options.index("--threads") + 1]) > CLIENTS_LENTS


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
