import html as html_module
import re

import pytest
from django.urls import reverse

from annuaire.models import Edition
from annuaire.tests.outils import importer, make_ligne

pytestmark = pytest.mark.django_db

URL = reverse("annuaire:trouver")
SIMULATEUR = reverse("simulateur:simulateur")


@pytest.fixture
def edition():
    return importer(
        [
            make_ligne(
                nom="FICTIF-MARTIN", prenom="Jean", secteur="3", option="4", code="33", libelle="Psychiatrie"
            ),
            make_ligne(nom="FICTIF-MARTIN", prenom="Anaïs", code_postal="42000", ville="SAINT-ÉTIENNE"),
        ]
    )


def test_etat_vide_sans_edition(client):
    html = client.get(URL, {"nom": "martin"}).content.decode()
    assert "L'annuaire n'est pas encore chargé sur ce site" in html
    assert 'href="https://annuairesante.ameli.fr/"' in html
    assert "<form" not in html.split("<main", 1)[1]


def test_resultat_complet(client, edition):
    reponse = client.get(URL, {"nom": "martin jean"})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert "1 médecin trouvé" in html
    assert "Jean FICTIF-MARTIN" in html
    assert "Psychiatrie, Paris (75011)" in html
    assert "<strong>Secteur 2 avec OPTAM ou OPTAM-ACO</strong>, adhérent à l'OPTAM-ACO" in html
    assert 'href="/secteurs/secteur-2-optam/"' in html
    assert "Accepte la carte Vitale." in html
    assert "édition du 1er décembre 2026" in html and "Licence Ouverte 2.0" in html
    assert 'href="/simulateur/?medecin=psychiatre&amp;secteur=2-optam&amp;source=annuaire"' in html
    assert "fictif" not in html.lower().replace("fictif-martin", "")
    assert reverse("annuaire:a_propos") in html
    assert "no-cache" in reponse["Cache-Control"] or "no-store" in reponse["Cache-Control"]
    assert not reponse.cookies


def test_edition_fictive_signalee_sur_chaque_resultat(client, edition):
    Edition.objects.filter(pk=edition.pk).update(fictive=True)
    html = client.get(URL, {"nom": "martin"}).content.decode()
    assert html.count('<span class="etiquette">fictif</span>') == 2
    assert "cet annuaire est <strong>fictif</strong>" in html


def test_fragment_htmx_egal_au_bloc_de_la_page(client, edition):
    page = client.get(URL, {"nom": "martin"}).content.decode()
    fragment = client.get(URL, {"nom": "martin"}, HTTP_HX_REQUEST="true")
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]
    texte = fragment.content.decode().strip()
    assert "<html" not in texte and texte in page
    historique = client.get(
        URL, {"nom": "martin"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in historique.content.decode()


def test_pagination_et_sans_javascript(client):
    importer([make_ligne(nom=f"FICTIF-DUPONT{i:03d}") for i in range(60)])
    html = client.get(URL, {"nom": "dupont", "lieu": "paris"}).content.decode()
    assert html.count('<li class="medecin">') == 50
    assert 'href="?nom=dupont&amp;lieu=paris&amp;page=2"' in html
    html = client.get(URL, {"nom": "dupont", "lieu": "paris", "page": "2"}).content.decode()
    assert html.count('<li class="medecin">') == 10
    assert 'method="get" action="/trouver-un-medecin/"' in html


def test_mauvais_parametres_sans_erreur(client, edition):
    for parametres in (
        {"nom": "x" * 5000},
        {"medecin": "inconnu", "nom": "martin"},
        {"page": "abc", "nom": "ma"},
    ):
        assert client.get(URL, parametres).status_code == 200
    assert "au moins deux lettres" in client.get(URL, {"nom": "m"}).content.decode()


def test_robots_sitemap(client, edition):
    assert "Disallow: /trouver-un-medecin/" in client.get("/robots.txt").content.decode()
    assert "trouver-un-medecin" not in client.get("/sitemap.xml").content.decode()


def test_page_a_propos(client, edition):
    html = client.get(reverse("annuaire:a_propos")).content.decode()
    assert "Licence Ouverte 2.0" in html and "droit d'opposition" in html and "1er décembre 2026" in html
    assert 'name="robots"' not in html
    assert f'href="{reverse("annuaire:trouver")}"' in html


def test_navigation_et_question_du_secteur(client):
    assert f'href="{URL}"' in client.get("/").content.decode()
    html = client.get(SIMULATEUR).content.decode()
    assert re.search(rf'<p id="aide-secteur" class="aide">[^<]*<a href="{URL}">', html)


# --- The simulator, pre-filled from the directory ---------------------------------------------------


def test_simulateur_pre_rempli_depuis_l_annuaire(client, edition):
    html = client.get(
        SIMULATEUR, {"medecin": "psychiatre", "secteur": "2-optam", "source": "annuaire"}
    ).content
    html = html.decode()
    assert '<option value="psychiatre" selected>' in html
    assert 'value="2-optam" id="id_secteur_2" checked' in html
    assert "Secteur indiqué par l'annuaire de l'Assurance Maladie du 1er décembre 2026." in html


def test_sans_source_ni_secteur_pas_de_mention(client, edition):
    assert "Secteur indiqué" not in client.get(SIMULATEUR, {"secteur": "2"}).content.decode()
    assert "Secteur indiqué" not in client.get(SIMULATEUR, {"source": "annuaire"}).content.decode()


def test_page_pre_remplie_jamais_en_cache_sous_la_cle_vierge(client, edition):
    vierge = client.get(SIMULATEUR).content.decode()
    pre = client.get(
        SIMULATEUR, {"medecin": "psychiatre", "secteur": "3", "source": "annuaire"}
    ).content.decode()
    assert 'value="3" id="id_secteur_4" checked' in pre
    assert client.get(SIMULATEUR).content.decode() == vierge
    assert 'value="1" id="id_secteur_0" checked' in vierge and "Secteur indiqué" not in vierge
    # And the blank page cached first never answers a pre-filled link.
    assert (
        "Secteur indiqué" in client.get(SIMULATEUR, {"secteur": "3", "source": "annuaire"}).content.decode()
    )


def test_champs_de_sante_en_get_ignores(client, edition):
    parametres = {
        "secteur": "2",
        "ald": "oui",
        "maternite": "oui",
        "css": "oui",
        "age": "77",
        "mutuelle": "200",
    }
    html = client.get(SIMULATEUR, parametres).content.decode()
    assert 'value="2" id="id_secteur_3" checked' in html
    for nom in ("ald", "maternite", "css"):
        assert re.search(rf'<input type="checkbox" name="{nom}"[^>]*>', html).group(0).count("checked") == 0
    # The age stays the blank form's default (an adult), never the one of the link.
    assert 'name="age" id="id_age" min="0" max="120" inputmode="numeric" size="4" value="40"' in html
    assert 'name="mutuelle"' in html and 'value="200"' not in html
    assert "<data " not in html


def test_journal_d_acces_sans_chaine_de_requete():
    """gunicorn's access log (config/gunicorn.conf.py) writes the path, never the query or referrer."""
    import datetime
    import logging
    import runpy
    from pathlib import Path
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    reglages = runpy.run_path(str(Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"))
    config = Config()
    config.set("access_log_format", reglages["access_log_format"])
    config.set("accesslog", "-")
    journal = Logger(config)
    lignes = []

    class Capture(logging.Handler):
        def emit(self, record):
            lignes.append(record.getMessage())

    journal.access_log.addHandler(Capture())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/trouver-un-medecin/?nom=durand&lieu=lyon",
        "PATH_INFO": "/trouver-un-medecin/",
        "QUERY_STRING": "nom=durand&lieu=lyon",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://site/trouver-un-medecin/?nom=dupont",
        "HTTP_USER_AGENT": "essai",
    }
    reponse = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    requete = SimpleNamespace(
        headers=[], method="GET", path="/trouver-un-medecin/", query="nom=durand&lieu=lyon"
    )
    journal.access(reponse, requete, environ, datetime.timedelta(seconds=0.01))
    assert lignes and "/trouver-un-medecin/" in lignes[0]
    assert "durand" not in lignes[0] and "lyon" not in lignes[0] and "dupont" not in lignes[0]


def test_makefile_et_banc_utilisent_la_configuration_gunicorn():
    from pathlib import Path

    racine = Path(__file__).resolve().parents[2]
    assert "--config config/gunicorn.conf.py" in (racine / "Makefile").read_text()
    assert "--config config/gunicorn.conf.py" in (racine / ".ci" / "bench").read_text()


def test_admin_liste_d_opposition_avec_historique(admin_client):
    reponse = admin_client.post(
        reverse("admin:annuaire_opposition_add"),
        {"nom": "FICTIF-DURAND", "prenom": "Jean", "date_demande": "2026-12-01", "note": "Courriel"},
    )
    assert reponse.status_code == 302
    from annuaire.models import Opposition

    opposition = Opposition.objects.get()
    assert opposition.history.count() == 1
    assert admin_client.get(reverse("admin:annuaire_edition_changelist")).status_code == 200


def test_a_propos_dans_le_plan_du_site(client):
    assert "/annuaire-des-medecins/" in client.get("/sitemap.xml").content.decode()


def test_le_journal_de_nginx_du_readme_sans_termes_de_recherche():
    """The reverse proxy the README configures logs no query string or referrer either."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    [format_] = re.findall(r"log_format sans_requete '([^']+)';", readme)
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_referer"):
        assert variable not in format_, variable
    assert "access_log /var/log/nginx/access.log sans_requete;" in readme


def test_droit_permanent_avec_optam_garde_son_secteur(client):
    """Code 2 (droit permanent à dépassement) with OPTAM: shown as it is, simulated as OPTAM."""
    importer(
        [make_ligne(nom="FICTIF-DUBOIS", secteur="2", option="3", code="01", libelle="Médecine générale")]
    )
    html = html_module.unescape(client.get(URL, {"nom": "dubois"}).content.decode())
    assert "<strong>Secteur 1 avec droit permanent à dépassement</strong>, adhérent à l'OPTAM" in html
    assert "Secteur 2 avec OPTAM" not in html
    assert 'href="/simulateur/?medecin=generaliste&secteur=2-optam&source=annuaire"' in html


def test_la_page_de_confidentialite_parle_de_la_recherche(client):
    html = html_module.unescape(client.get("/confidentialite/").content.decode())
    assert "La recherche d'un médecin" in html
    assert 'href="/annuaire-des-medecins/"' in html and 'href="/trouver-un-medecin/"' in html
    assert "Ni vos recherches ni leurs résultats ne sont enregistrés." in html
