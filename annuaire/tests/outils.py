"""Small helpers: fictitious directory rows and files in the exact format."""

import io

from annuaire import generation, importation


def make_ligne(
    nom="FICTIF-DURAND",
    prenom="Jean",
    code="01",
    libelle="Médecine générale",
    type_ps="1",
    secteur="1",
    option="",
    code_postal="75011",
    ville="PARIS",
    voie="1 RUE DE LA PAIX",
    carte_vitale="O",
    **autres,
):
    ligne = dict.fromkeys(generation.ORDRE_ECRIT, "")
    ligne.update(
        ps_activite_nom=nom,
        ps_activite_prenom=prenom,
        ps_activite_civilite="M",
        ps_activite_carte_vitale=carte_vitale,
        specialite_code=code,
        specialite_libelle=libelle,
        type_ps_code=type_ps,
        type_ps_libelle="Médecin" if type_ps == "1" else "Autre",
        coordonnees_voie=voie,
        coordonnees_code_postal=code_postal,
        coordonnees_ville=ville,
        option_tarifaire_code=option,
        option_tarifaire_libelle=generation.OPTIONS.get(option, ""),
        secteur_conventionnel_code=secteur,
        secteur_conventionnel_libelle=generation.SECTEURS.get(secteur, ""),
    )
    ligne.update(autres)
    return ligne


def contenu(lignes, colonnes=generation.ORDRE_ECRIT):
    flux = io.StringIO(newline="")
    generation.ecrire(flux, lignes, colonnes)
    return flux.getvalue().encode("utf-8")


def importer(lignes=None, octets=None, source="liste-ps-20261201-020000.csv", **options):
    octets = contenu(lignes) if octets is None else octets
    return importation.importer(io.BytesIO(octets), source, **options)
