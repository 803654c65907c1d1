"""« Rien ne casse le site » (issue 11): French answers for every error, uploads refused,
login throttling through the proxies, the smaller defects of the audit."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from simulateur import contrat

pytestmark = pytest.mark.django_db

SIMULATION = {"age": "40", "medecin": "generaliste", "secteur": "1"}


def francais(reponse):
    html = reponse.content.decode()
    assert '<html lang="fr">' in html, html[:300]
    assert re.search(r"<h1>[^<]+</h1>", html)
    return html


# --- 7. French, styled error pages -----------------------------------------------------------------


def test_trop_de_champs_400_en_francais(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    corps = "&".join(f"c{i}=1" for i in range(50))
    reponse = client.post("/simulateur/", corps, content_type="application/x-www-form-urlencoded")
    assert reponse.status_code == 400
    assert "Demande incomprise" in francais(reponse)
    assert reponse["Cache-Control"] == "no-store"


def test_hote_refuse_400_en_francais(settings):
    settings.ALLOWED_HOSTS = ["secteurs.example"]
    reponse = Client(HTTP_HOST="attaquant.example").get("/")
    assert reponse.status_code == 400
    assert "Demande incomprise" in francais(reponse)


def test_403_en_francais_pour_un_editeur(client):
    client.force_login(User.objects.create_user("editrice", password="x", is_staff=True))
    reponse = client.get("/admin/auth/user/")
    assert reponse.status_code == 403
    assert "Accès refusé" in francais(reponse)


@pytest.mark.parametrize("methode", ["put", "delete", "patch"])
def test_405_en_francais_et_sans_stockage(client, methode):
    reponse = getattr(client, methode)("/simulateur/")
    assert reponse.status_code == 405
    assert "Demande non prise en charge" in francais(reponse)
    assert "POST" in reponse["Allow"]
    assert reponse["Cache-Control"] == "no-store"


def test_une_erreur_500_du_simulateur_garde_no_store(monkeypatch):
    def panne(*args, **kwargs):
        raise RuntimeError("panne imprévue")

    monkeypatch.setattr("simulateur.views.formulaire", panne)
    navigateur = Client(raise_request_exception=False)
    reponse = navigateur.post("/simulateur/", SIMULATION)
    assert reponse.status_code == 500
    assert "Le site rencontre un problème" in francais(reponse)
    assert reponse["Cache-Control"] == "no-store"


def test_csrf_expire_rend_le_texte_saisi():
    editrice = User.objects.create_superuser("editrice", "e@example.org", "x")
    navigateur = Client(enforce_csrf_checks=True)
    navigateur.force_login(editrice)
    reponse = navigateur.post(
        "/admin/secteurs/question/1/change/",
        {
            "question": "Une question",
            "reponse": "Mon long texte écrit pendant une heure.",
            "csrfmiddlewaretoken": "x",
        },
    )
    assert reponse.status_code == 403
    html = francais(reponse)
    assert "Votre session a expiré" in html
    assert "Mon long texte écrit pendant une heure." in html
    assert "csrfmiddlewaretoken" not in html
    assert reponse["Cache-Control"] == "no-store"


def test_session_terminee_pendant_la_redaction_rend_le_texte_saisi():
    """Session over (8 hours without a page, or logged out from another tab): the save is not
    sent to the login page, which would drop the text; the editor gets it back, in French."""
    editrice = User.objects.create_superuser("editrice", "e@example.org", "x")
    navigateur = Client()
    navigateur.force_login(editrice)
    navigateur.logout()
    reponse = navigateur.post(
        "/admin/secteurs/question/1/change/",
        {"question": "Une question", "reponse": "Mon long texte écrit pendant une heure.", "version": "v"},
    )
    assert reponse.status_code == 403
    html = francais(reponse)
    assert "Votre session a expiré" in html
    assert "Mon long texte écrit pendant une heure." in html
    assert "version" not in html
    assert reponse["Cache-Control"] == "no-store"
    # Logging in is still a POST without a session, and reading the admin still leads to it.
    assert Client().post("/admin/login/", {"username": "editrice", "password": "x"}).status_code == 302
    assert Client().get("/admin/secteurs/question/").status_code == 302


# --- Uploads and large bodies -------------------------------------------------------------------


def test_un_fichier_envoye_a_une_page_publique_est_refuse_sans_etre_lu(client, monkeypatch):
    ecrits = []
    monkeypatch.setattr(
        "django.core.files.uploadhandler.TemporaryFileUploadHandler.new_file",
        lambda *a, **k: ecrits.append(a),
    )
    fichier = ("gros.bin", b"x" * (3 * 1024 * 1024))
    for url in ("/simulateur/", "/", "/questions-frequentes/"):
        reponse = client.post(url, {"age": "40", "piece": fichier_de(*fichier)})
        assert reponse.status_code == 413, url
        assert "Envoi trop volumineux" in francais(reponse)
    assert ecrits == []


def fichier_de(nom, contenu):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nom, contenu)


def test_un_corps_trop_gros_est_refuse_en_francais(client):
    reponse = client.post(
        "/simulateur/", "age=40&x=" + "a" * 200_000, content_type="application/x-www-form-urlencoded"
    )
    assert reponse.status_code == 413
    assert reponse["Cache-Control"] == "no-store"
    francais(reponse)


def test_aucun_fichier_n_est_jamais_ecrit_sur_le_disque(settings):
    assert settings.FILE_UPLOAD_HANDLERS == ["django.core.files.uploadhandler.MemoryFileUploadHandler"]


# --- 3. Login throttling behind the proxy --------------------------------------------------------


def echouer(adresse_proxy, xff, nombre=5, identifiant="prenom.nom"):
    navigateur = Client(REMOTE_ADDR=adresse_proxy, HTTP_X_FORWARDED_FOR=xff)
    return [
        navigateur.post("/admin/login/", {"username": identifiant, "password": "faux"}).status_code
        for _ in range(nombre)
    ]


def connexion(xff, adresse_proxy="10.0.0.1"):
    navigateur = Client(REMOTE_ADDR=adresse_proxy, HTTP_X_FORWARDED_FOR=xff)
    return navigateur.post("/admin/login/", {"username": "prenom.nom", "password": "bon-mot-de-passe-2026"})


def test_un_inconnu_derriere_le_proxy_ne_bloque_pas_l_editeur(settings):
    settings.PROXY_COUNT = 1
    User.objects.create_superuser("prenom.nom", "p@example.org", "bon-mot-de-passe-2026")
    # A stranger, through the same proxy, forging X-Forwarded-For as the editor's address.
    assert echouer("10.0.0.1", "198.51.100.7, 203.0.113.66")[-1] == 429
    assert echouer("10.0.0.1", "203.0.113.66")[-1] == 429
    # The editor, from her own address through the same proxy, still logs in.
    assert connexion("198.51.100.7").status_code == 302


def test_le_blocage_suit_l_adresse_reelle_meme_forgee(settings):
    settings.PROXY_COUNT = 1
    User.objects.create_superuser("prenom.nom", "p@example.org", "bon-mot-de-passe-2026")
    # The attacker changes the forged part at every try: the proxy's entry is what counts.
    navigateur = Client(REMOTE_ADDR="10.0.0.1")
    statuts = [
        navigateur.post(
            "/admin/login/",
            {"username": "prenom.nom", "password": "faux"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.66",
        ).status_code
        for i in range(5)
    ]
    assert statuts[-1] == 429
    assert connexion("203.0.113.66").status_code == 429
    # The README's unlock command still unlocks.
    call_command("axes_reset_username", "prenom.nom", stdout=__import__("io").StringIO())
    assert connexion("203.0.113.66").status_code == 302


def test_sans_proxy_l_en_tete_est_ignore(settings):
    settings.PROXY_COUNT = 0
    User.objects.create_superuser("prenom.nom", "p@example.org", "bon-mot-de-passe-2026")
    echouer("203.0.113.66", "198.51.100.7")
    assert connexion("198.51.100.7", adresse_proxy="198.51.100.7").status_code == 302


def test_la_variable_d_environnement_regle_le_nombre_de_proxys():
    import os
    import subprocess
    import sys

    sortie = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PROXY_COUNT)"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_PROXY_COUNT": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert sortie.stdout.strip() == "1"


# --- 8. Smaller defects --------------------------------------------------------------------------


def test_ald_non_n_est_pas_une_ald():
    assert contrat.lire({"age": "40", "ald": "non"}).valeurs["ald"] is False
    assert contrat.lire({"age": "40", "ald": "oui"}).valeurs["ald"] is True


def test_honoraires_moins_zero_ne_montre_pas_moins_zero(client):
    html = client.post("/simulateur/", {**SIMULATION, "honoraires": "-0"}).content.decode()
    assert "-0,00" not in html and "−0,00" not in html


def test_hsts_preload_et_sous_domaines_sur_demande_seulement():
    import os
    import subprocess
    import sys

    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS > 0, s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "secteurs.example",
    }
    lancer = lambda env: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert lancer(base) == ["True", "False", "False"]
    choisi = {**base, "DJANGO_HSTS_PRELOAD": "1", "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1"}
    assert lancer(choisi) == ["True", "True", "True"]


def test_connexion_avec_next_refuse_arrive_sur_une_vraie_page():
    User.objects.create_superuser("cheffe", "c@example.org", "bon-mot-de-passe-2026")
    navigateur = Client()
    reponse = navigateur.post(
        "/admin/login/?next=https://attaquant.example/",
        {"username": "cheffe", "password": "bon-mot-de-passe-2026", "next": "https://attaquant.example/"},
        follow=True,
    )
    assert reponse.status_code == 200
    assert reponse.redirect_chain[-1][0] == "/admin/"


def test_la_page_d_historique_n_a_pas_d_attribut_style(client):
    client.force_login(User.objects.create_superuser("cheffe", "c@example.org", "x"))
    reponse = client.get("/admin/secteurs/question/1/history/")
    assert reponse.status_code == 200
    assert "style=" not in reponse.content.decode()
