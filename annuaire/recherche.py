"""Search in the active edition: accent- and case-insensitive, each word a prefix, ranked.

SQLite uses an FTS5 index (`annuaire_recherche`, external content over `annuaire_medecin`),
PostgreSQL a GIN full-text index on the « nom prénom » column, both created by migration
0002. Names and towns are normalised in Python (`codes.normaliser`) on both sides, so the two
databases answer the same. Rank: exact name first, then names that start with the words typed,
then other matches; within each, the town or postcode typed exactly before its prefixes.
"""

from django.db import connection

from annuaire import codes
from annuaire.models import Medecin

PAR_PAGE = 50
MOTS_MAX = 6
COLONNES = (
    "id", "nom", "prenom", "civilite", "specialites", "type_medecin", "secteur", "option", "carte_vitale",
    "code_postal", "ville",
)  # fmt: skip


def mots(texte):
    return codes.normaliser(texte[:200]).split()[:MOTS_MAX]


def filtre_nom(termes):
    """(SQL condition on `m`, parameters): every word typed is the start of a word of « nom
    prénom »."""
    if connection.vendor == "sqlite":
        expression = " ".join(f'"{mot}"*' for mot in termes)
        return "m.id IN (SELECT rowid FROM annuaire_recherche WHERE annuaire_recherche MATCH %s)", [
            expression
        ]
    if connection.vendor == "postgresql":
        expression = " & ".join(f"{mot}:*" for mot in termes)
        return "to_tsvector('simple', m.nom_complet) @@ to_tsquery('simple', %s)", [expression]
    # Any other database: slower, same answers.
    conditions, parametres = [], []
    for mot in termes:
        conditions.append("(m.nom_complet LIKE %s OR m.nom_complet LIKE %s)")
        parametres += [f"{mot}%", f"% {mot}%"]
    return " AND ".join(conditions), parametres


def prefixe(champ, debut):
    """`champ` starts with `debut`, as a range the column's index serves (SQLite never uses an
    index for the case-insensitive LIKE that `startswith` becomes)."""
    return f"m.{champ} >= %s AND m.{champ} < %s", [debut, debut[:-1] + chr(ord(debut[-1]) + 1)]


class Resultats:
    """The ranked doctors of one search, for Django's Paginator: one query returns a page and,
    through a window function, the total (an ORM count then a page would run the full-text
    match twice)."""

    def __init__(self, sql, parametres, page_voulue=1):
        self.sql, self.parametres = sql, parametres
        self.page_voulue = page_voulue
        self._pages = {}
        self._total = None

    def _lire(self, debut, fin):
        if (debut, fin) not in self._pages:
            requete = f"{self.sql} LIMIT %s OFFSET %s"
            with connection.cursor() as curseur:
                curseur.execute(requete, [*self.parametres, fin - debut, debut])
                lignes = curseur.fetchall()
            # Sorting carries only the keys and ids; the page's rows are read afterwards.
            par_id = Medecin.objects.only(*COLONNES).in_bulk([ligne[0] for ligne in lignes])
            self._pages[(debut, fin)] = [par_id[ligne[0]] for ligne in lignes]
            if lignes:
                self._total = lignes[0][1]
            elif debut == 0:
                self._total = 0
        return self._pages[(debut, fin)]

    def count(self):
        if self._total is None:
            debut = max(0, (self.page_voulue - 1) * PAR_PAGE)
            self._lire(debut, debut + PAR_PAGE)
            if self._total is None:  # a page past the end: the first page gives the total
                self._lire(0, PAR_PAGE)
        return self._total

    def __len__(self):
        return self.count()

    def __getitem__(self, tranche):
        debut, fin = tranche.start or 0, tranche.stop
        for (d, f), medecins in self._pages.items():
            if d == debut and (f >= fin or len(medecins) < f - d):  # the last page is often shorter
                return medecins[: fin - debut]
        return self._lire(debut, fin)

    def __iter__(self):
        return iter(self[0 : max(self.count(), 1)])


def chercher(edition, nom="", lieu="", medecin="", page=1):
    """The edition's doctors, ranked, as `Resultats`; None when too little was typed."""
    termes = mots(nom)
    lieu_propre = codes.normaliser(lieu[:100])
    if sum(len(m) for m in termes) < 2 and len(lieu_propre) < 2:
        return None
    conditions, parametres = ["m.edition_id = %s"], [edition.pk]
    if medecin:
        conditions.append("m.type_medecin = %s")
        parametres.append(medecin)
    if termes:
        condition, valeurs = filtre_nom(termes)
        conditions.append(condition)
        parametres += valeurs
    if lieu_propre:
        if lieu_propre.replace(" ", "").isdigit() or lieu_propre[:2] in ("2a", "2b"):
            condition, valeurs = prefixe("code_postal", lieu_propre.replace(" ", "").upper())
        else:
            condition, valeurs = prefixe("ville_normalisee", lieu_propre)
        conditions.append(condition)
        parametres += valeurs
    tape = " ".join(termes)
    inverse = " ".join(termes[1:] + termes[:1])  # « prénom nom » typed for « nom prénom »
    sql = (
        "SELECT m.id, COUNT(*) OVER () AS total, "  # noqa: S608 -- fixed SQL, values as parameters
        "CASE WHEN m.nom_normalise = %s OR m.nom_complet = %s OR m.nom_complet = %s THEN 0 "
        "WHEN m.nom_normalise >= %s AND m.nom_normalise < %s THEN 1 ELSE 2 END AS rang_nom, "
        "CASE WHEN m.ville_normalisee = %s OR m.code_postal = %s THEN 0 ELSE 1 END AS rang_lieu "
        f"FROM annuaire_medecin m WHERE {' AND '.join(conditions)} "
        "ORDER BY rang_nom, rang_lieu, m.nom_normalise, m.nom_complet, m.ville_normalisee, m.id"
    )
    apres = tape[:-1] + chr(ord(tape[-1]) + 1) if tape else ""
    rangs = [tape, tape, inverse, tape, apres, lieu_propre, lieu_propre.upper()]
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    return Resultats(sql, rangs + parametres, page)


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
