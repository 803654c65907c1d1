import pytest

from annuaire import recherche
from annuaire.tests.outils import importer, make_ligne

pytestmark = pytest.mark.django_db


def noms(edition, nom="", lieu="", medecin=""):
    return [f"{m.nom} {m.prenom} {m.code_postal}" for m in recherche.chercher(edition, nom, lieu, medecin)]


@pytest.fixture
def edition():
    return importer(
        [
            make_ligne(nom="FICTIF-MARTINEAU", prenom="Zoé"),
            make_ligne(nom="FICTIF-MARTIN", prenom="Jean", code_postal="69003", ville="LYON", voie="A"),
            make_ligne(nom="FICTIF-MARTIN", prenom="Anaïs", code_postal="42000", ville="SAINT-ÉTIENNE"),
            make_ligne(
                nom="FICTIF-MARTIN", prenom="Paul", code_postal="42100", ville="SAINT-ÉTIENNE", code="33",
                libelle="Psychiatrie",
            ),
            make_ligne(nom="EXEMPLE-LEFÈVRE", prenom="Hélène", code_postal="25000", ville="BESANÇON"),
            make_ligne(nom="EXEMPLE-SAINT-MARTIN", prenom="Luc", code_postal="45000", ville="ORLÉANS"),
        ]
    )  # fmt: skip


def test_accents_et_casse(edition):
    assert noms(edition, "lefevre") == noms(edition, "LEFÈVRE") == ["EXEMPLE-LEFÈVRE Hélène 25000"]
    assert noms(edition, "helene") == ["EXEMPLE-LEFÈVRE Hélène 25000"]
    assert noms(edition, "", "besancon") == ["EXEMPLE-LEFÈVRE Hélène 25000"]
    assert len(noms(edition, "", "saint etienne")) == len(noms(edition, "", "Saint-Étienne")) == 2


def test_prefixes(edition):
    assert len(noms(edition, "lef")) == 1
    assert len(noms(edition, "fictif mart")) == 4
    assert noms(edition, "mart ana") == ["FICTIF-MARTIN Anaïs 42000"]


def test_nom_exact_avant_prefixe(edition):
    resultat = noms(edition, "fictif martin")
    assert resultat[-1] == "FICTIF-MARTINEAU Zoé 75011"
    assert {r.split()[0] for r in resultat[:3]} == {"FICTIF-MARTIN"}
    # « prénom nom » exact comes first too.
    assert noms(edition, "anais fictif martin")[0] == "FICTIF-MARTIN Anaïs 42000"


def test_ville_ou_code_postal_exacts_d_abord(edition):
    assert noms(edition, "martin", "42000") == ["FICTIF-MARTIN Anaïs 42000"]
    assert noms(edition, "martin", "42") == ["FICTIF-MARTIN Anaïs 42000", "FICTIF-MARTIN Paul 42100"]
    assert noms(edition, "martin", "42100") == ["FICTIF-MARTIN Paul 42100"]
    assert noms(edition, "martin", "saint") == ["FICTIF-MARTIN Anaïs 42000", "FICTIF-MARTIN Paul 42100"]


def test_type_de_medecin(edition):
    assert noms(edition, "martin", medecin="psychiatre") == ["FICTIF-MARTIN Paul 42100"]


def test_trop_court_ou_rien(edition):
    assert recherche.chercher(edition, "m", "") is None
    assert recherche.chercher(edition, "", "") is None
    assert noms(edition, "zzz") == []
    assert noms(edition, '"*) OR (') == []  # no FTS syntax gets through


def test_au_plus_cinquante_par_page():
    from django.core.paginator import Paginator

    edition = importer([make_ligne(nom=f"FICTIF-DUPONT{i:03d}") for i in range(120)])
    page = Paginator(recherche.chercher(edition, "fictif dupont"), recherche.PAR_PAGE).get_page(3)
    assert page.paginator.count == 120 and len(page) == 20 and page.paginator.num_pages == 3


def test_index_plein_texte_cree_par_la_migration():
    from django.db import connection

    with connection.cursor() as curseur:
        if connection.vendor == "sqlite":
            curseur.execute("SELECT sql FROM sqlite_master WHERE name = 'annuaire_recherche'")
            assert "fts5" in curseur.fetchone()[0]
        elif connection.vendor == "postgresql":
            curseur.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'annuaire_medecin_plein_texte'"
            )
            assert "to_tsvector" in curseur.fetchone()[0]


def test_les_deux_bases_trouvent_la_meme_chose_apres_suppression(edition):
    from annuaire.models import Medecin

    recherche.supprimer([Medecin.objects.get(prenom="Anaïs").pk])
    assert noms(edition, "fictif martin") == ["FICTIF-MARTIN Jean 69003", "FICTIF-MARTIN Paul 42100",
                                              "FICTIF-MARTINEAU Zoé 75011"]  # fmt: skip
