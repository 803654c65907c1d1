import csv
import io

from annuaire import generation


def lire(chemin):
    octets = chemin.read_bytes()
    return octets, list(csv.DictReader(io.StringIO(octets.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_format_exact_et_pieges(tmp_path):
    chemin = tmp_path / "liste-ps-20261201-020000.csv"
    generation.generer(chemin, nombre=3000, graine=3)
    octets, lignes = lire(chemin)
    assert octets.startswith(b'\xef\xbb\xbf"ps_activite_prenom";')
    assert set(generation.COLONNES) < set(lignes[0])
    assert len(lignes) == 3000
    # Every field quoted, `;` and quotes inside fields.
    assert b'"CABINET ""LES TILLEULS""; SCM"' in octets
    assert all(ligne["ps_activite_nom"].startswith(("FICTIF-", "EXEMPLE-")) for ligne in lignes)
    assert {ligne["secteur_conventionnel_code"] for ligne in lignes} == {"0", "1", "2", "3"}
    assert {ligne["option_tarifaire_code"] for ligne in lignes} == {"", "3", "4"}
    assert {ligne["type_ps_code"] for ligne in lignes} > {"1", "2"}
    assert {"01", "22", "23", "33", "75", "07", "70", "77", "79"} <= {
        ligne["specialite_code"] for ligne in lignes
    }
    assert any("É" in ligne["coordonnees_ville"] for ligne in lignes)
    # Several rows for one practitioner (places × specialties).
    cles = [
        (ligne["ps_activite_nom"], ligne["ps_activite_prenom"], ligne["coordonnees_voie"]) for ligne in lignes
    ]
    assert len(set(cles)) < len(cles)


def test_meme_graine_meme_fichier(tmp_path):
    generation.generer(tmp_path / "a.csv", nombre=200, graine=7)
    generation.generer(tmp_path / "b.csv", nombre=200, graine=7)
    generation.generer(tmp_path / "c.csv", nombre=200, graine=8)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "c.csv").read_bytes()
