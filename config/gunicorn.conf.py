"""gunicorn settings shared by `make run`, the benchmark and production (`gunicorn -c`).

The access log never holds a query string or a referrer: a search for a doctor
(`/trouver-un-medecin/?nom=…&lieu=…`) and the page a patient came from stay out of the logs.
Only the method, the path, the status, the size, the address and the browser are written (see
the privacy page).
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
