"""The fault suite of issue 11: each fault of the audit played against the running site.

The site runs as production serves it (gunicorn with the Makefile's options and its
configuration file, production settings with throwaway secrets, one trusted proxy declared,
connections not kept so a vanished database is seen at once). Each test plays its fault on the
module's site whatever ran before it: under pytest-xdist, each worker has its own site.

Each test plays one fault as an editor, an operator or a stranger would, and the module counts
what it tried: requests, 5xx answers where a French answer was possible, editors' changes lost,
and patient details found in the error log. Run with `-s` to read the counts.
"""

import html as html_module
import http.client
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

import pytest

from config.tests.serveur import RACINE, site_gunicorn

pytestmark = pytest.mark.usefixtures("compteurs")

COMPTES = {"requêtes": 0, "5xx": 0, "503 base absente (voulus)": 0, "modifications perdues": 0}
PATIENT = {
    "date": "2025-03-17",
    "medecin": "psychiatre",
    "secteur": "2",
    "honoraires": "83,17",
    "age": "97",
    "mutuelle": "173",
    "ald": "oui",
    "calculer": "1",
}
TRACES_DU_PATIENT = ["2025-03-17", "17/03/2025", "17 mars 2025", "psychiatre", "83,17", "83.17", "age=97"]
PAGES = [
    "/",
    "/tarifs-en-vigueur/",
    "/secteurs/",
    "/secteurs/secteur-2/",
    "/questions-frequentes/",
    "/simulateur/",
]


@pytest.fixture(scope="module")
def compteurs():
    yield COMPTES
    print("\nSuite de pannes :", json.dumps(COMPTES, ensure_ascii=False))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("pannes")
    with site_gunicorn(
        dossier, env={"DJANGO_PROXY_COUNT": "1", "DJANGO_CONN_MAX_AGE": "0"}, en_production=True
    ) as (
        url,
        env,
        journal,
    ):
        yield {"url": url, "env": env, "journal": journal, "dossier": dossier}


class Navigateur:
    """A tiny HTTP client with cookies, counting every request."""

    def __init__(self, url, entetes=None):
        self.hote, self.port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        self.cookies = {}
        self.entetes = entetes or {}

    def demande(self, methode, chemin, corps=None, entetes=None, attendu_5xx=False):
        connexion = http.client.HTTPConnection(self.hote, self.port, timeout=15)
        tous = {**self.entetes, **(entetes or {})}
        if self.cookies:
            tous["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(corps, dict):
            corps = urllib.parse.urlencode(corps, doseq=True)
            tous.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connexion.request(methode, chemin, body=corps, headers=tous)
        reponse = connexion.getresponse()
        texte = reponse.read().decode("utf-8", "replace")
        for valeur in reponse.headers.get_all("Set-Cookie") or []:
            nom, _, reste = valeur.partition("=")
            self.cookies[nom] = reste.split(";")[0]
        connexion.close()
        COMPTES["requêtes"] += 1
        if reponse.status >= 500:
            if attendu_5xx and reponse.status == 503:
                COMPTES["503 base absente (voulus)"] += 1
            else:
                COMPTES["5xx"] += 1
        return reponse.status, reponse.headers, texte

    def get(self, chemin, **options):
        return self.demande("GET", chemin, **options)

    def post(self, chemin, donnees, **options):
        return self.demande("POST", chemin, donnees, **options)


def shell(site, code):
    manage = [str(RACINE / ".venv/bin/python"), str(RACINE / "manage.py")]
    sortie = subprocess.run(
        [*manage, "shell", "-c", code],
        env=site["env"],
        cwd=RACINE,
        check=True,
        capture_output=True,
        text=True,
    )
    # Django 6 announces its automatic imports on the first line: the answer is the last one.
    return sortie.stdout.strip().splitlines()[-1] if sortie.stdout.strip() else ""


def francais(texte):
    return '<html lang="fr">' in texte and "Traceback" not in texte


def champs_du_formulaire(page):
    donnees = {}
    for balise in re.findall(r"<input[^>]*>", page):
        nom = re.search(r'name="([^"]+)"', balise)
        valeur = re.search(r'value="([^"]*)"', balise)
        if nom and 'type="checkbox"' not in balise and 'type="submit"' not in balise:
            donnees[nom.group(1)] = html_module.unescape(valeur.group(1)) if valeur else ""
        elif nom and "checked" in balise:
            donnees[nom.group(1)] = "on"
    for nom, valeur in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        donnees[nom] = html_module.unescape(valeur).lstrip("\n")
    for nom, bloc in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        choisi = re.search(r'<option value="([^"]*)"[^>]*selected', bloc)
        donnees[nom] = choisi.group(1) if choisi else ""
    return donnees


def connecter(site, identifiant, mot_de_passe, adresse="198.51.100.7"):
    navigateur = Navigateur(site["url"], {"X-Forwarded-For": adresse})
    _, _, page = navigateur.get("/admin/login/")
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    statut, entetes, _ = navigateur.post(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": jeton, "username": identifiant, "password": mot_de_passe, "next": "/admin/"},
    )
    return navigateur, statut, entetes


# --- The faults ------------------------------------------------------------------------------------


def test_1_une_ligne_manquante(site):
    shell(
        site,
        "from simulateur.models import Parametre, Tarif; "
        "Parametre.objects.filter(code='seuil-information-ecrite').delete(); "
        "Tarif.objects.filter(medecin__slug='psychiatre', categorie='secteur2').delete(); "
        "Tarif.objects.filter(medecin__slug='generaliste', categorie='opposable', "
        "age_max__isnull=True).delete()",
    )
    patient = Navigateur(site["url"])
    for chemin in PAGES:
        statut, _, texte = patient.get(chemin)
        assert statut == 200 and francais(texte), chemin
    for entetes in ({}, {"HX-Request": "true"}):
        for donnees in (PATIENT, {**PATIENT, "medecin": "generaliste", "secteur": "1", "honoraires": ""}):
            statut, reponse, texte = patient.post("/simulateur/", donnees, entetes=entetes)
            assert statut == 200 and "Il manque un tarif ou un paramètre" in texte
            assert reponse["Cache-Control"].startswith("no-store") or "no-store" in reponse["Cache-Control"]


def test_2_le_chargeur_face_aux_editeurs(site):
    avant = shell(
        site,
        "from secteurs.models import Question, Page; "
        "Question.objects.filter(slug='optam-mieux-rembourse').delete(); "
        "p = Page.objects.get(slug='mentions-legales'); p.slug = 'informations-legales'; p.save(); "
        "print(Question.objects.count(), Page.objects.count())",
    )
    subprocess.run(
        [str(RACINE / ".venv/bin/python"), str(RACINE / "manage.py"), "charger_contenu"],
        env=site["env"],
        cwd=RACINE,
        check=True,
        capture_output=True,
    )
    apres = shell(
        site,
        "from secteurs.models import Question, Page; print(Question.objects.count(), Page.objects.count())",
    )
    COMPTES["modifications perdues"] += avant != apres
    assert avant == apres


def test_3_un_inconnu_ne_bloque_pas_l_editeur(site):
    shell(
        site,
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('prenom.nom', 'p@example.org', 'bon-mot-de-passe-2026')",
    )
    for essai in range(6):
        # The proxy appends the stranger's address; the stranger forges the editor's before it.
        connecter(site, "prenom.nom", "faux", adresse=f"198.51.100.7, 203.0.113.{essai % 2 + 60}")
        connecter(site, "prenom.nom", "faux", adresse="203.0.113.66")
    _, statut, entetes = connecter(site, "prenom.nom", "bon-mot-de-passe-2026", adresse="198.51.100.7")
    assert statut == 302 and entetes["Location"] == "/admin/"
    _, statut, _ = connecter(site, "prenom.nom", "bon-mot-de-passe-2026", adresse="203.0.113.66")
    assert statut == 429


def test_4_deux_editrices_sur_la_meme_reponse(site):
    shell(
        site,
        "from django.contrib.auth.models import User; "
        "[User.objects.create_superuser(n, f'{n}@example.org', 'mot-de-passe-2026') "
        "for n in ('alice', 'berenice')]",
    )
    pk = shell(
        site, "from secteurs.models import Question; print(Question.objects.order_by('pk').first().pk)"
    )
    url = f"/admin/secteurs/question/{pk}/change/"
    alice, _, _ = connecter(site, "alice", "mot-de-passe-2026", adresse="192.0.2.1")
    berenice, _, _ = connecter(site, "berenice", "mot-de-passe-2026", adresse="192.0.2.2")
    form_a = champs_du_formulaire(alice.get(url)[2])
    form_b = champs_du_formulaire(berenice.get(url)[2])
    assert alice.post(url, {**form_a, "reponse": "Texte d'Alice."})[0] == 302
    statut, _, page = berenice.post(url, {**form_b, "reponse": "Texte de Bérénice."})
    assert statut == 200 and "Texte d&#x27;Alice." in page
    stocke = shell(
        site, f"from secteurs.models import Question; print(Question.objects.get(pk={pk}).reponse)"
    )
    COMPTES["modifications perdues"] += stocke != "Texte d'Alice."
    assert stocke == "Texte d'Alice."


def test_5_clients_lents(site):
    port = urllib.parse.urlsplit(site["url"]).port
    lents = []
    try:
        for _ in range(4):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(
                b"POST /simulateur/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nage=4"
            )
            lents.append(s)
        time.sleep(0.3)
        debut = time.monotonic()
        assert Navigateur(site["url"]).get("/healthz")[0] == 200
        assert time.monotonic() - debut < 2
    finally:
        for s in lents:
            s.close()


def test_6_reponses_d_erreur_en_francais(site):
    inconnu = Navigateur(site["url"])
    champs = "&".join(f"c{i}=1" for i in range(1500))
    essais = [
        ("POST", "/simulateur/", champs, {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        ("GET", "/", None, {"Host": "attaquant.example"}, 400),
        ("PUT", "/simulateur/", "age=40", {}, 405),
        ("DELETE", "/simulateur/", None, {}, 405),
        ("POST", "/simulateur/", "x" * 100_000, {"Content-Type": "application/x-www-form-urlencoded"}, 413),
        (
            "POST",
            "/",
            '--b\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\nxx\r\n--b--\r\n',
            {"Content-Type": "multipart/form-data; boundary=b"},
            413,
        ),
        ("GET", "/page-qui-n-existe-pas/", None, {}, 404),
    ]
    for methode, chemin, corps, entetes, attendu in essais:
        statut, reponse, texte = inconnu.demande(methode, chemin, corps, entetes)
        assert statut == attendu, (methode, chemin, statut)
        assert francais(texte), (methode, chemin, texte[:200])
        if chemin == "/simulateur/":
            assert "no-store" in reponse["Cache-Control"]
    # A 50 Mo upload: refused from its headers, nothing read or written.
    port = urllib.parse.urlsplit(site["url"]).port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            b"POST /simulateur/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 52428800\r\n\r\n--b\r\n"
        )
        premiere_ligne = s.recv(200).split(b"\r\n")[0]
    COMPTES["requêtes"] += 1
    assert b" 413 " in premiere_ligne


def test_7_la_base_disparait_en_cours_de_route(site):
    base = site["dossier"] / "site.sqlite3"
    cachee = site["dossier"] / "site.sqlite3.cachee"
    patient = Navigateur(site["url"])
    shutil.move(base, cachee)
    base.mkdir()  # sqlite can neither open it nor create a new empty database in its place
    try:
        statut, _, texte = patient.get("/healthz", attendu_5xx=True)
        assert statut == 503 and "indisponible" in texte
        for chemin in ["/questions-frequentes/optam-mieux-rembourse/", "/glossaire/", *PAGES]:
            statut, _, texte = patient.get(chemin + "?panne=1", attendu_5xx=True)
            assert statut in (200, 404, 503) and francais(texte), (chemin, statut)
        for entetes in ({}, {"HX-Request": "true"}):
            statut, reponse, texte = patient.post("/simulateur/", PATIENT, entetes=entetes, attendu_5xx=True)
            assert statut in (200, 503) and "Traceback" not in texte
            assert "no-store" in reponse["Cache-Control"]
        # The login page needs no database until the form is sent.
        statut, _, texte = Navigateur(site["url"]).get("/admin/login/", attendu_5xx=True)
        assert statut in (200, 503) and "Traceback" not in texte
    finally:
        base.rmdir()
        shutil.move(cachee, base)
    assert patient.get("/healthz")[0] == 200


def test_8_rien_du_patient_dans_le_journal(site):
    # Simulations that fail on an incomplete barème (whichever tests this worker ran before)...
    shell(
        site,
        "from simulateur.models import Tarif; "
        "Tarif.objects.filter(medecin__slug='psychiatre', categorie='secteur2').delete()",
    )
    patient = Navigateur(site["url"])
    for entetes in ({}, {"HX-Request": "true"}):
        for _ in range(2):
            assert patient.post("/simulateur/", PATIENT, entetes=entetes)[0] == 200
    # ...that the log did see (it is not empty by chance)...
    lignes = site["journal"].read_text().splitlines()
    assert sum("Barème incomplet" in ligne for ligne in lignes) >= 4
    # ...and says nothing of the patient. Editors' markers name a specialty on public pages, the
    # same for everyone: not a patient's.
    texte = "\n".join(ligne for ligne in lignes if not ligne.startswith("Marqueur non calculé"))
    trouves = [trace for trace in TRACES_DU_PATIENT if trace in texte]
    COMPTES["détails du patient dans le journal"] = len(trouves)
    assert trouves == [], texte[-3000:]
