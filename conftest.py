import io
import os
import tempfile
import urllib.parse

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

# The shared file cache of the tests lives in a folder of its own, never the one `make run` uses
# (settings are imported before this file; the cache is created lazily, on first use).
if django_settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    django_settings.CACHES["default"]["LOCATION"] = tempfile.mkdtemp(prefix="secteurs-tests-cache-")

# Test workers (pytest-xdist) each have their own test database (pytest-django adds the worker's
# name) and cache folder (above); with Redis, each its own Redis database, so that one worker
# emptying the cache never empties another's (`clear()` flushes a whole database). Processes the
# tests start (gunicorn, manage.py) inherit it through the environment.
_TRAVAILLEUR = os.environ.get("PYTEST_XDIST_WORKER", "")
if os.environ.get("REDIS_URL") and _TRAVAILLEUR.startswith("gw"):
    _redis = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = _redis._replace(path=f"/{int(_TRAVAILLEUR[2:]) + 1}").geturl()
    django_settings.CACHES["default"]["LOCATION"] = os.environ["REDIS_URL"]

# Playwright's sync API runs an event loop in the test thread; Django refuses database access
# from such a thread unless told it is safe, which it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def charger_contenu():
    call_command("charger_contenu", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts with the initial content and barème of fixtures/."""
    with django_db_blocker.unblock():
        charger_contenu()


@pytest.fixture(autouse=True)
def _caches_vides():
    # A rolled-back transaction sends no signal: start each test with empty caches.
    from django.core.cache import cache

    from config import cache_pages
    from simulateur import baremes

    baremes.vider_cache()
    cache_pages.vider_memoire()
    cache.clear()
    yield
    baremes.vider_cache()
    cache_pages.vider_memoire()
    cache.clear()


@pytest.fixture
def editrice(client):
    """A member of the « Éditeur » group (not a superuser), logged in on `client`."""
    from django.contrib.auth.models import Group, User

    utilisatrice = User.objects.create_user("editrice", is_staff=True)
    utilisatrice.groups.add(Group.objects.get(name="Éditeur"))
    client.force_login(utilisatrice)
    return utilisatrice


@pytest.fixture
def site_en_ligne(live_server, settings):
    """The live server, with its content (transactional tests start from a flushed database)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    charger_contenu()
    return live_server


# --- Browser tests: Debian's Chromium driven by Playwright (DESIGN §5-6) ---------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chemin = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(chemin):
        pytest.fail(f"Chromium introuvable ({chemin}) : lancez « make test », qui l'installe.")
    return {
        **browser_type_launch_args,
        "executable_path": chemin,
        "args": CHROMIUM_ARGS,
        "env": {**os.environ, "LANGUAGE": "fr"},
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture
def surveillance(page, site_en_ligne):
    """Records console errors, CSP violations and requests to other origins during a test."""
    constats = {"console": [], "requetes_externes": []}

    def console(message):
        venant_d_axe = getattr(page, "axe_en_cours", False) and "Content Security Policy" in message.text
        if message.type == "error" and not venant_d_axe:
            constats["console"].append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: constats["console"].append(str(e)))
    page.on(
        "request",
        lambda r: (
            not r.url.startswith((site_en_ligne.url, "data:", "about:"))
            and constats["requetes_externes"].append(r.url)
        ),
    )
    yield constats
    assert constats["console"] == [], "erreurs dans la console (dont CSP)"
    assert constats["requetes_externes"] == [], "requêtes vers une autre origine"


@pytest.fixture
def page_sans_js(browser):
    contexte = browser.new_context(java_script_enabled=False, locale="fr-FR")
    yield contexte.new_page()
    contexte.close()
