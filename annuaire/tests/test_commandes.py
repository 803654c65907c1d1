import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from annuaire import importation
from annuaire.models import Edition, Medecin
from annuaire.tests.outils import contenu, make_ligne

pytestmark = pytest.mark.django_db

JEU = {
    "resources": [
        {"title": "Documentation", "url": "https://static.data.gouv.fr/doc.pdf"},
        {
            "title": "liste-ps-20261124-020112.csv",
            "url": "https://static.data.gouv.fr/r/liste-ps-20261124-020112.csv",
        },
        {"title": "Professionnels", "url": "https://static.data.gouv.fr/r/liste-ps-20261201-020344.csv"},
        {"title": "liste-lieux-20261201-020344.csv", "url": "https://static.data.gouv.fr/r/liste-lieux.csv"},
    ]
}


class Reponse(io.BytesIO):
    def __init__(self, octets, taille=None):
        super().__init__(octets)
        self.headers = {"Content-Length": str(len(octets) if taille is None else taille)}


@pytest.fixture
def reseau(monkeypatch):
    """No network in tests: urlopen answers from this dict (URL -> bytes)."""
    reponses = {}
    demandes = []

    def urlopen(requete, timeout=None):
        url = requete.full_url
        demandes.append(url)
        if url not in reponses:
            raise OSError(f"pas de réseau : {url}")
        return Reponse(reponses[url])

    monkeypatch.setattr(importation.urllib.request, "urlopen", urlopen)
    return reponses, demandes


def test_derniere_ressource_par_la_date_du_nom(reseau):
    reponses, demandes = reseau
    reponses[importation.API_JEU_DE_DONNEES] = json.dumps(JEU).encode()
    assert importation.derniere_ressource() == (
        "https://static.data.gouv.fr/r/liste-ps-20261201-020344.csv",
        datetime.date(2026, 12, 1),
    )
    assert demandes == ["https://www.data.gouv.fr/api/1/datasets/68e51e04c4258097a201a3cc/"]


def test_sans_argument_importe_la_derniere_edition(reseau):
    reponses, _ = reseau
    reponses[importation.API_JEU_DE_DONNEES] = json.dumps(JEU).encode()
    reponses["https://static.data.gouv.fr/r/liste-ps-20261201-020344.csv"] = contenu([make_ligne()])
    sortie = io.StringIO()
    call_command("importer_annuaire", stdout=sortie)
    edition = Edition.objects.active()
    assert str(edition.date) == "2026-12-01"
    assert "1 médecins" in sortie.getvalue()
    assert "[" not in sortie.getvalue()  # no progress bar outside a terminal


def test_date_de_l_edition_lue_dans_le_titre_quand_l_adresse_ne_la_donne_pas(reseau):
    reponses, _ = reseau
    ressource = {"title": "liste-ps-20261208-020000.csv", "url": "https://static.data.gouv.fr/r/7f3a9c.csv"}
    reponses[importation.API_JEU_DE_DONNEES] = json.dumps({"resources": [ressource]}).encode()
    reponses[ressource["url"]] = contenu([make_ligne()])
    call_command("importer_annuaire", stdout=io.StringIO())
    assert Edition.objects.active().date == datetime.date(2026, 12, 8)


def test_jeu_sans_fichier_liste_ps(reseau):
    reponses, _ = reseau
    reponses[importation.API_JEU_DE_DONNEES] = json.dumps({"resources": []}).encode()
    with pytest.raises(CommandError, match="aucun fichier"):
        call_command("importer_annuaire", stdout=io.StringIO())


def test_api_injoignable(reseau):
    with pytest.raises(CommandError, match="Impossible de lire le jeu de données"):
        call_command("importer_annuaire", stdout=io.StringIO())


def test_chemin_et_mauvais_format(tmp_path):
    mauvais = tmp_path / "autre.csv"
    mauvais.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonnes manquantes"):
        call_command("importer_annuaire", str(mauvais), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Impossible d'ouvrir"):
        call_command("importer_annuaire", str(tmp_path / "absent.csv"), stdout=io.StringIO())
    assert not Edition.objects.exists()


def test_barre_de_progression_sur_un_terminal(tmp_path):
    chemin = tmp_path / "liste-ps-20261201-020000.csv"
    chemin.write_bytes(contenu([make_ligne()]))

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    sortie = Terminal()
    call_command("importer_annuaire", str(chemin), stdout=sortie)
    assert "100 %" in sortie.getvalue()


def test_charger_annuaire_demo():
    call_command("charger_annuaire_demo", stdout=io.StringIO())
    edition = Edition.objects.active()
    assert edition.fictive
    assert edition.medecins == Medecin.objects.count() > 50
    assert not Medecin.objects.exclude(nom__regex=r"^(FICTIF|EXEMPLE)-").exists()


def test_generer_annuaire(tmp_path):
    call_command("generer_annuaire", str(tmp_path / "f.csv"), "--lignes", "20", stdout=io.StringIO())
    assert (tmp_path / "f.csv").read_bytes().count(b"\r\n") == 21
