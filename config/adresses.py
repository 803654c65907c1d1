"""The client's address as the trusted reverse proxies saw it (login throttling, django-axes).

Each proxy appends the address it received the connection from to `X-Forwarded-For`
(nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`). With `DJANGO_PROXY_COUNT=N`
proxies, the N right-most entries were written by them: the N-th from the right is the client as
the outermost proxy saw it. Anything to its left was sent by the client and may be forged, so
it is never read. Without proxies (N = 0) the header is ignored and the connection's address used.

(Not python-ipware: for `a, b, c` and one proxy its default algorithm answers `b`, an entry the
client wrote, so a stranger could lock an editor's address out.)
"""

import ipaddress

from django.conf import settings


def adresse_client(request):
    nombre = settings.PROXY_COUNT
    if nombre > 0:
        entrees = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entrees = [e for e in entrees if e]
        if len(entrees) >= nombre:
            try:
                return str(ipaddress.ip_address(entrees[-nombre]))
            except ValueError:
                pass
        # A request that did not come through every proxy: never trust a client's header.
    return request.META.get("REMOTE_ADDR", "")
