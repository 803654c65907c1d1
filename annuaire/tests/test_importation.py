import io

import pytest

from annuaire import codes, generation, importation
from annuaire.models import Edition, Medecin, Opposition
from annuaire.tests.outils import contenu, importer, make_ligne

pytestmark = pytest.mark.django_db


def medecin(**filtres):
    return Medecin.objects.get(edition=Edition.objects.active(), **filtres)


def test_bom_guillemets_points_virgules_et_accents():
    importer(
        [
            make_ligne(
                nom='FICTIF-L\'ÉCLUSE "DIT; LE SAGE"',
                prenom="Éloïse",
                ville="SAINT-ÉTIENNE",
                code_postal="42000",
                ps_activite_raison_sociale='CABINET "LES TILLEULS"; SCM',
            )
        ]
    )
    m = medecin()
    assert m.nom == 'FICTIF-L\'ÉCLUSE "DIT; LE SAGE"'
    assert m.prenom == "Éloïse"
    assert m.nom_complet == "fictif l ecluse dit le sage eloise"
    assert (m.ville, m.ville_normalisee, m.code_postal) == ("SAINT-ÉTIENNE", "saint etienne", "42000")


def test_sans_bom_aussi():
    octets = contenu([make_ligne()])
    importer(octets=octets.removeprefix(b"\xef\xbb\xbf"))
    assert medecin().nom == "FICTIF-DURAND"


@pytest.mark.parametrize(
    ("code", "option", "secteur", "libelle_option"),
    [
        ("0", "", "3", ""),
        ("1", "", "1", ""),
        ("2", "", "1-dp", ""),
        ("3", "", "2", ""),
        ("3", "3", "2-optam", "OPTAM"),
        ("3", "4", "2-optam", "OPTAM-ACO"),
        # Secteur 1 with a droit permanent à dépassement stays so, OPTAM or not; with OPTAM, the
        # simulator reimburses it as an OPTAM doctor.
        ("2", "3", "1-dp", "OPTAM"),
    ],
)
def test_codes_de_secteur_et_option(code, option, secteur, libelle_option):
    importer([make_ligne(secteur=code, option=option)])
    m = medecin()
    assert (m.secteur, m.option) == (secteur, libelle_option)
    simule = "2-optam" if libelle_option else secteur
    assert f"secteur={simule}&" in m.parametres_simulateur()


def test_secteurs_sont_ceux_du_simulateur():
    from simulateur import contrat

    assert set(codes.SECTEURS.values()) | {"2-optam"} == {s.valeur for s in contrat.SECTEURS}


def test_option_vide_et_carte_vitale():
    importer(
        [make_ligne(secteur="3", option="", carte_vitale=""), make_ligne(nom="FICTIF-B", carte_vitale="N")]
    )
    assert medecin(nom="FICTIF-DURAND").option == ""
    assert medecin(nom="FICTIF-DURAND").carte_vitale is None
    assert medecin(nom="FICTIF-B").carte_vitale is False


@pytest.mark.parametrize(
    ("code", "libelle", "attendu"),
    [
        ("01", "Médecine générale", "generaliste"),
        ("22", "Médecine générale", "generaliste"),
        ("23", "Médecine générale", "generaliste"),
        ("33", "Psychiatrie", "psychiatre"),
        ("75", "Psychiatrie", "psychiatre"),
        ("07", "Gynécologie", "gynecologue"),
        ("70", "Gynécologie", "gynecologue"),
        ("77", "Gynécologie", "gynecologue"),
        ("79", "Gynécologie", "gynecologue"),
        ("12", "Pédiatrie", "pediatre"),
        ("34", "Gériatrie", "geriatre"),
        ("06", "Radiodiagnostic et imagerie médicale", "autre-specialiste"),
        ("99", "Psychiatrie", "psychiatre"),  # unknown code: the label decides
        ("98", "Chirurgie de la main", "autre-specialiste"),
    ],
)
def test_libelles_partages_et_autre_specialiste(code, libelle, attendu):
    importer([make_ligne(code=code, libelle=libelle)])
    assert medecin().type_medecin == attendu


def test_types_de_medecins_existent_dans_le_simulateur():
    from simulateur.models import Medecin as Type

    slugs = set(Type.objects.values_list("slug", flat=True))
    assert set(codes.MEDECINS_PAR_CODE.values()) | {codes.AUTRE_SPECIALISTE} <= slugs


def test_seuls_les_medecins_sont_gardes():
    importer(
        [
            make_ligne(),
            make_ligne(nom="FICTIF-DENTISTE", type_ps="2", code="36", libelle="Chirurgien-dentiste"),
        ]
    )
    edition = Edition.objects.active()
    assert list(Medecin.objects.filter(edition=edition).values_list("nom", flat=True)) == ["FICTIF-DURAND"]
    assert (edition.lignes, edition.lignes_medecins, edition.medecins) == (2, 1, 1)


def test_un_medecin_par_nom_prenom_et_lieu():
    importer(
        [
            make_ligne(code="01", libelle="Médecine générale"),
            make_ligne(code="34", libelle="Gériatrie"),
            make_ligne(code="22", libelle="Médecine générale"),
            make_ligne(ville="LYON", code_postal="69003", voie="2 RUE X"),
            make_ligne(prenom="Paul"),
        ]
    )
    edition = Edition.objects.active()
    assert edition.medecins == 3
    m = medecin(prenom="Jean", ville="PARIS")
    assert (m.specialites, m.type_medecin) == ("Médecine générale, Gériatrie", "generaliste")


def test_lignes_d_un_medecin_separees_par_un_lot(monkeypatch):
    monkeypatch.setattr(importation, "LOT", 2)
    importer(
        [
            make_ligne(code="06", libelle="Radiologie"),
            make_ligne(nom="FICTIF-A"),
            make_ligne(nom="FICTIF-B"),
            make_ligne(code="33", libelle="Psychiatrie"),
        ]
    )
    m = medecin(nom="FICTIF-DURAND")
    assert (m.specialites, m.type_medecin) == ("Radiologie, Psychiatrie", "psychiatre")


def test_colonnes_lues_par_leur_nom():
    colonnes = list(reversed(generation.COLONNES))
    importer(octets=contenu([make_ligne(nom="FICTIF-ORDRE")], colonnes))
    assert medecin().nom == "FICTIF-ORDRE"


def test_mauvais_entete_refuse_en_francais():
    importer([make_ligne()])
    avant = Edition.objects.active()
    octets = '\ufeff"nom";"prenom"\n"A";"B"\n'.encode()
    with pytest.raises(importation.FormatRefuse, match="n'a pas le format de l'annuaire"):
        importer(octets=octets)
    assert Edition.objects.active() == avant
    assert Edition.objects.count() == 1


def test_fichier_vide_refuse():
    with pytest.raises(importation.FormatRefuse, match="vide"):
        importer(octets=b"")


@pytest.mark.parametrize("coupe", [-40, -7, -3])
def test_fichier_tronque_refuse_et_edition_precedente_servie(coupe):
    importer([make_ligne(nom=f"FICTIF-{i}") for i in range(10)], source="liste-ps-20261124-020000.csv")
    avant = Edition.objects.active()
    octets = contenu([make_ligne(nom=f"EXEMPLE-{i}") for i in range(10)])
    with pytest.raises(importation.FormatRefuse, match="tronqué"):
        importer(octets=octets[:coupe])
    assert Edition.objects.active() == avant
    assert Edition.objects.count() == 1
    assert Medecin.objects.filter(nom__startswith="EXEMPLE").count() == 0


def test_taille_annoncee_non_atteinte():
    octets = contenu([make_ligne()])
    with pytest.raises(importation.FormatRefuse, match="tronqué"):
        importation.importer(io.BytesIO(octets), "x.csv", taille=len(octets) + 100)
    assert not Edition.objects.exists()


def test_fichier_coupe_en_fin_de_ligne_refuse_par_le_nombre_de_medecins():
    importer([make_ligne(nom=f"FICTIF-{i}") for i in range(10)])
    with pytest.raises(importation.FormatRefuse, match="semble tronqué"):
        importer([make_ligne(nom=f"EXEMPLE-{i}") for i in range(4)])
    edition = importer([make_ligne(nom=f"EXEMPLE-{i}") for i in range(4)], forcer=True)
    assert Edition.objects.active() == edition


def test_import_interrompu_garde_l_edition_precedente(monkeypatch):
    importer([make_ligne(nom="FICTIF-ANCIEN")])
    avant = Edition.objects.active()

    class Interruption(io.RawIOBase):
        def __init__(self, octets):
            self.octets, self.lus = octets, 0

        def readable(self):
            return True

        def readinto(self, tampon):
            if self.lus > 300:
                raise KeyboardInterrupt
            n = min(len(tampon), 100, len(self.octets) - self.lus)
            tampon[:n] = self.octets[self.lus : self.lus + n]
            self.lus += n
            return n

    monkeypatch.setattr(importation, "LOT", 1)
    octets = contenu([make_ligne(nom=f"EXEMPLE-{i}") for i in range(50)])
    with pytest.raises(KeyboardInterrupt):
        importation.importer(Interruption(octets), "liste-ps-20261201-020000.csv")
    assert Edition.objects.active() == avant
    assert list(Medecin.objects.values_list("nom", flat=True)) == ["FICTIF-ANCIEN"]
    assert Edition.objects.count() == 1


def test_edition_inachevee_d_un_import_tue_est_nettoyee():
    fantome = Edition.objects.create(date="2026-11-01", source="tué")
    Medecin.objects.create(
        edition=fantome, nom="X", prenom="Y", specialites="", type_medecin="generaliste", secteur="1",
        code_postal="1", ville="Z", nom_normalise="x", nom_complet="x y", ville_normalisee="z",
    )  # fmt: skip
    importer([make_ligne()])
    assert Edition.objects.count() == 1
    assert not Medecin.objects.filter(nom="X").exists()


def test_remplacement_et_date_et_comptes():
    premiere = importer([make_ligne(nom="FICTIF-ANCIEN")], source="liste-ps-20261124-020000.csv")
    seconde = importer(
        [make_ligne(nom="FICTIF-NOUVEAU")], source="https://exemple.test/liste-ps-20261201-020000.csv"
    )
    assert not Edition.objects.filter(pk=premiere.pk).exists()
    seconde.refresh_from_db()
    assert seconde.active and str(seconde.date) == "2026-12-01" and seconde.terminee_le
    assert list(Medecin.objects.values_list("nom", flat=True)) == ["FICTIF-NOUVEAU"]


def test_liste_d_opposition_sur_deux_imports(django_capture_on_commit_callbacks):
    importer([make_ligne(nom="FICTIF-RETIRÉ"), make_ligne(nom="FICTIF-GARDÉ")])
    with django_capture_on_commit_callbacks(execute=True):
        Opposition.objects.create(nom="fictif-retire", prenom="JEAN", date_demande="2026-12-01")
    # Effective at once on the edition served.
    assert list(Medecin.objects.values_list("nom", flat=True)) == ["FICTIF-GARDÉ"]
    from annuaire import recherche

    assert list(recherche.chercher(Edition.objects.active(), "retire")) == []
    for _ in range(2):
        edition = importer([make_ligne(nom="FICTIF-RETIRÉ"), make_ligne(nom="FICTIF-GARDÉ")], forcer=True)
        assert list(Medecin.objects.values_list("nom", flat=True)) == ["FICTIF-GARDÉ"]
        assert edition.retires == 1


def test_opposition_limitee_a_un_lieu():
    Opposition.objects.create(
        nom="FICTIF-DURAND", prenom="Jean", code_postal="69003", date_demande="2026-12-01"
    )
    importer([make_ligne(), make_ligne(ville="LYON", code_postal="69003", voie="2 RUE X")])
    assert list(Medecin.objects.values_list("ville", flat=True)) == ["PARIS"]


def test_fichier_genere_complet():
    flux = io.StringIO(newline="")
    generation.ecrire(flux, generation.lignes_fictives(2000, graine=5))
    edition = importer(octets=flux.getvalue().encode())
    assert edition.lignes == 2000
    assert 0 < edition.medecins < edition.lignes_medecins < edition.lignes
    assert set(Medecin.objects.values_list("secteur", flat=True)) >= {"1", "2", "2-optam", "3"}


def test_deux_imports_en_meme_temps_le_second_est_refuse():
    """A second import while one runs (the weekly timer and an operator by hand) would clean up
    the first one's edition as « unfinished »: it is refused, in French, and the first goes on."""
    importer([make_ligne(nom="FICTIF-ANCIEN")])
    en_cours = pytest.raises(importation.FormatRefuse, match="Un autre import de l'annuaire est en cours")
    with importation.verrou_d_import(), en_cours:
        importer([make_ligne(nom="FICTIF-NOUVEAU")])
    assert medecin(nom="FICTIF-ANCIEN").edition == Edition.objects.active()
    importer([make_ligne(nom="FICTIF-NOUVEAU")])  # the lock is given back
    assert medecin(nom="FICTIF-NOUVEAU").edition == Edition.objects.active()
