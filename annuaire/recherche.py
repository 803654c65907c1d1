"""Search in the active edition: accent- and case-insensitive, each word a prefix, ranked.

SQLite uses an FTS5 index (`annuaire_recherche`, external content over `annuaire_medecin`),
PostgreSQL a GIN full-text index on the « nom prénom » column, both created by migration
0002. Names and towns are normalised in Python (`codes.normaliser`) on both sides, so the two
databases answer the same. Rank: exact name first, then names that start with the words typed,
then other matches; within each, the town or postcode typed exactly before its prefixes.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from annuaire import codes
from annuaire.models import Medecin

PAR_PAGE = 50
MOTS_MAX = 6


def mots(texte):
    return codes.normaliser(texte[:200]).split()[:MOTS_MAX]


def filtre_nom(termes):
    if connection.vendor == "sqlite":
        expression = " ".join(f'"{mot}"*' for mot in termes)
        return Q(
            id__in=RawSQL(
                "SELECT rowid FROM annuaire_recherche WHERE annuaire_recherche MATCH %s", [expression]
            )
        )
    if connection.vendor == "postgresql":
        expression = " & ".join(f"{mot}:*" for mot in termes)
        return Q(
            id__in=RawSQL(
                "SELECT id FROM annuaire_medecin "
                "WHERE to_tsvector('simple', nom_complet) @@ to_tsquery('simple', %s)",
                [expression],
            )
        )
    # Any other database: a slower but equivalent filter.
    filtre = Q()
    for mot in termes:
        filtre &= Q(nom_complet__startswith=mot) | Q(nom_complet__contains=f" {mot}")
    return filtre


def chercher(edition, nom="", lieu="", medecin=""):
    """A queryset of the edition's doctors, ranked; None when too little was typed."""
    termes = mots(nom)
    lieu_propre = codes.normaliser(lieu[:100])
    if sum(len(m) for m in termes) < 2 and len(lieu_propre) < 2:
        return None
    resultats = Medecin.objects.filter(edition=edition)
    if medecin:
        resultats = resultats.filter(type_medecin=medecin)
    if termes:
        resultats = resultats.filter(filtre_nom(termes))
    if lieu_propre:
        if (
            lieu_propre.replace(" ", "").isdigit()
            or lieu_propre in ("2a", "2b")
            or lieu_propre[:2] in ("2a", "2b")
        ):
            resultats = resultats.filter(code_postal__startswith=lieu_propre.replace(" ", "").upper())
        else:
            resultats = resultats.filter(ville_normalisee__startswith=lieu_propre)
    tape = " ".join(termes)
    exacts = {tape, " ".join(termes[1:] + termes[:1])}  # « nom prénom » or « prénom nom »
    rang_nom = Case(
        When(Q(nom_normalise=tape) | Q(nom_complet__in=exacts), then=Value(0)),
        When(nom_normalise__startswith=tape, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rang_lieu = Case(
        When(Q(ville_normalisee=lieu_propre) | Q(code_postal=lieu_propre.upper()), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return resultats.annotate(rang_nom=rang_nom, rang_lieu=rang_lieu).order_by(
        "rang_nom", "rang_lieu", "nom_normalise", "nom_complet", "ville_normalisee", "id"
    )


# --- Index maintenance (the importer and the objection list) -------------------------------------


def indexer_edition(edition_id):
    if connection.vendor == "sqlite":
        with connection.cursor() as curseur:
            curseur.execute(
                "INSERT INTO annuaire_recherche(rowid, nom_complet) "
                "SELECT id, nom_complet FROM annuaire_medecin WHERE edition_id = %s",
                [edition_id],
            )


def _desindexer(condition, parametres):
    if connection.vendor == "sqlite":
        with connection.cursor() as curseur:
            # `condition` is one of this module's fixed strings; values go as parameters.
            sql = (
                "INSERT INTO annuaire_recherche(annuaire_recherche, rowid, nom_complet) "  # noqa: S608
                "SELECT 'delete', id, nom_complet FROM annuaire_medecin WHERE " + condition
            )
            curseur.execute(sql, parametres)


def supprimer(ids):
    """Removes these doctors from the index and the table (objection list)."""
    ids = list(ids)
    for debut in range(0, len(ids), 500):
        lot = ids[debut : debut + 500]
        marques = ", ".join(["%s"] * len(lot))
        _desindexer(f"id IN ({marques})", lot)
        Medecin.objects.filter(id__in=lot).delete()


def supprimer_edition(edition):
    """Removes an edition, its doctors and their index entries (an indexed edition's rows must
    leave the FTS index before the table: external content)."""
    if edition.terminee_le is not None or edition.active:
        _desindexer("edition_id = %s", [edition.pk])
    Medecin.objects.filter(edition=edition)._raw_delete(Medecin.objects.db)
    edition.delete()
