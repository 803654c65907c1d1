"""gunicorn settings shared by `make run`, the benchmark and production (`gunicorn -c`).

The access log never holds a query string or a referrer: a search for a doctor
(`/trouver-un-medecin/?nom=…&lieu=…`) and the page a patient came from stay out of the logs.
Only the method, the path, the status, the size, the address and the browser are written (see
the privacy page).
"""

import os

# Two processes of eight threads: a slow client (a body sent byte by byte) holds one thread, not a
# whole worker, so a few slow sockets cannot starve the site (measured on sync workers: four such
# sockets kept `/healthz` waiting 31 s). The reverse proxy buffers bodies too (README).
# `WEB_CONCURRENCY` (gunicorn's own variable) changes the number of processes on a larger machine.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = 8

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'

# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections
# over them. With one shared socket, the worker that wakes first took most of a burst of
# keep-alive connections: measured with wrk (16 connections, two workers), 26/14 to 12/28 open
# connections per worker and 480 to 1 080 simulations per second from one run to the next.
reuse_port = True


def post_worker_init(worker):
    # With `reuse_port`, the master's « Listening at » line has no address: each worker says its own.
    worker.log.info("Worker %s à l'écoute sur %s", worker.pid, ", ".join(str(s) for s in worker.sockets))
