"""Import of the Assurance Maladie's directory (« liste-ps-AAAAMMJJ-HHMMSS.csv »).

The file is streamed (a byte counter, a UTF-8 text wrapper, the csv module), and doctors are
written in batches: memory stays bounded whatever the file's size; the only thing kept for the
whole run is a short digest per doctor, to merge the several rows of one practitioner (one per
place and specialty). The new edition is written beside the one served and replaces it in one
transaction at the very end; a refused, failed or interrupted import deletes what it wrote and
leaves the previous edition serving.
"""

import contextlib
import csv
import datetime
import hashlib
import io
import json
import re
import typing
import urllib.request
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from annuaire import codes, recherche
from annuaire.generation import COLONNES
from annuaire.models import Edition, Medecin, Oppositions
from simulateur import baremes

JEU_DE_DONNEES = "68e51e04c4258097a201a3cc"
API_JEU_DE_DONNEES = f"https://www.data.gouv.fr/api/1/datasets/{JEU_DE_DONNEES}/"
NOM_FICHIER = re.compile(r"liste-ps-(\d{8})-(\d{6})[^/]*\.csv", re.IGNORECASE)
LOT = 10000
# An edition with less than this share of the doctors of the one served is refused (a file cut
# at a line end cannot be told from a complete one otherwise); --forcer overrides it.
PART_MINIMALE = 0.5
DELAI_RESEAU = 60
# One import at a time: a second one would clean up the first one's edition as unfinished. The
# running import holds a key of the shared cache (Redis in production, the file cache on one
# machine) and renews it at every batch; a killed import's key lapses after this many seconds.
VERROU = "annuaire:import-en-cours"
DUREE_VERROU = 300


class FormatRefuse(Exception):
    """A file the importer will not take; the message is French, for the operator."""


# --- Where the file comes from -------------------------------------------------------------------


def _lire_json(url):
    entetes = {"Accept": "application/json", "User-Agent": "secteurs-annuaire"}
    requete = urllib.request.Request(url, headers=entetes)  # noqa: S310 -- fixed https URL
    with urllib.request.urlopen(requete, timeout=DELAI_RESEAU) as reponse:  # noqa: S310 -- fixed https URL
        return json.load(reponse)


class Ressource(typing.NamedTuple):
    url: str
    date: datetime.date


def derniere_ressource(api=API_JEU_DE_DONNEES):
    """The latest « liste-ps-*.csv » of the dataset, by the date in its name (in its title or its
    address): its URL and that date, the edition's."""
    try:
        jeu = _lire_json(api)
    except (OSError, ValueError) as erreur:
        raise FormatRefuse(f"Impossible de lire le jeu de données sur data.gouv.fr ({erreur}).") from erreur
    candidates = []
    for ressource in jeu.get("resources", []):
        for texte in (ressource.get("title") or "", ressource.get("url") or ""):
            trouve = NOM_FICHIER.search(texte)
            if trouve and ressource.get("url"):
                candidates.append((trouve.group(1) + trouve.group(2), ressource["url"]))
                break
    if not candidates:
        raise FormatRefuse("Le jeu de données de data.gouv.fr ne contient aucun fichier « liste-ps-….csv ».")
    horodatage, url = max(candidates)
    return Ressource(url, datetime.datetime.strptime(horodatage[:8], "%Y%m%d").date())


def date_de_la_source(source):
    trouve = NOM_FICHIER.search(source)
    if trouve:
        return datetime.datetime.strptime(trouve.group(1), "%Y%m%d").date()
    return None


def ouvrir(source):
    """(binary stream, size or None) for a path or an http(s) URL."""
    if source.startswith(("https://", "http://")):
        requete = urllib.request.Request(source, headers={"User-Agent": "secteurs-annuaire"})  # noqa: S310
        reponse = urllib.request.urlopen(requete, timeout=DELAI_RESEAU)  # noqa: S310 -- operator's URL
        taille = reponse.headers.get("Content-Length")
        return reponse, int(taille) if taille and taille.isdigit() else None
    flux = open(source, "rb")  # noqa: SIM115 -- closed by the caller
    flux.seek(0, io.SEEK_END)
    taille = flux.tell()
    flux.seek(0)
    return flux, taille


class Compteur(io.RawIOBase):
    """Counts the bytes read from a binary stream (progress, and truncation against the size)."""

    def __init__(self, flux, progression=None, taille=None):
        self.flux, self.lus, self.progression, self.taille = flux, 0, progression, taille

    def readable(self):
        return True

    def readinto(self, tampon):
        donnees = self.flux.read(len(tampon))
        n = len(donnees)
        tampon[:n] = donnees
        self.lus += n
        if self.progression:
            self.progression(self.lus, self.taille)
        return n


# --- The import ----------------------------------------------------------------------------------


def lire_entete(lecteur):
    try:
        entete = next(lecteur)
    except StopIteration:
        raise FormatRefuse("Le fichier est vide.") from None
    manquantes = [c for c in COLONNES if c not in entete]
    if manquantes:
        raise FormatRefuse(
            "Ce fichier n'a pas le format de l'annuaire santé de l'Assurance Maladie (liste-ps) : "
            f"colonnes manquantes : {', '.join(manquantes[:6])}{' …' if len(manquantes) > 6 else ''}. "
            "Rien n'a été changé."
        )
    return entete


def importer(flux, source, date=None, fictive=False, taille=None, progression=None, forcer=False):
    """Imports a binary stream; returns the new active `Edition`. Raises `FormatRefuse`."""
    with verrou_d_import():
        return _importer(flux, source, date, fictive, taille, progression, forcer)


@contextlib.contextmanager
def verrou_d_import():
    jeton = f"{uuid.uuid4()} {timezone.localtime():%d/%m/%Y à %H:%M}"
    if not cache.add(VERROU, jeton, DUREE_VERROU):
        debut = (cache.get(VERROU) or " ?").split(" ", 1)[1]
        raise FormatRefuse(
            f"Un autre import de l'annuaire est en cours (commencé le {debut}) : rien n'a été changé. "
            "Relancez quand il sera terminé ; un import interrompu libère la place en "
            f"{DUREE_VERROU // 60} minutes."
        )
    try:
        yield
    finally:
        if cache.get(VERROU) == jeton:
            cache.delete(VERROU)


def _importer(flux, source, date, fictive, taille, progression, forcer):
    nettoyer_editions_inachevees()
    compteur = Compteur(flux, progression, taille)
    texte = io.TextIOWrapper(io.BufferedReader(compteur, 1 << 16), encoding="utf-8-sig", newline="")
    lecteur = csv.reader(texte, delimiter=";", quotechar='"', strict=True)
    try:
        entete = lire_entete(lecteur)
    except (csv.Error, UnicodeDecodeError) as erreur:
        raise FormatRefuse(f"Ce fichier n'est pas un CSV de l'annuaire lisible ({erreur}).") from erreur
    edition = Edition.objects.create(
        date=date or date_de_la_source(source) or timezone.localdate(), source=source[:500], fictive=fictive
    )
    try:
        _remplir(edition, lecteur, entete)
        if taille is not None and compteur.lus < taille:
            raise FormatRefuse(f"Fichier tronqué : {compteur.lus} octets reçus sur {taille} annoncés.")
        _verifier(edition, forcer)
        with transaction.atomic():
            recherche.indexer_edition(edition.pk)
            Edition.objects.filter(active=True).update(active=False)
            edition.active = True
            edition.terminee_le = timezone.now()
            edition.save()
            # Cached pages that name the edition (its date) are rebuilt.
            baremes.changer_de_version()
    except BaseException:
        # Refused, failed, or interrupted (Ctrl+C, SIGTERM): the edition served stays.
        recherche.supprimer_edition(edition)
        raise
    for ancienne in Edition.objects.filter(active=False):
        recherche.supprimer_edition(ancienne)
    return edition


def nettoyer_editions_inachevees():
    """What a killed import left (never indexed, never active)."""
    for edition in Edition.objects.filter(active=False, terminee_le__isnull=True):
        recherche.supprimer_edition(edition)


def _verifier(edition, forcer):
    if edition.medecins == 0:
        raise FormatRefuse("Le fichier ne contient aucun médecin : rien n'a été changé.")
    servie = Edition.objects.active()
    if servie and not forcer and edition.medecins < PART_MINIMALE * servie.medecins:
        raise FormatRefuse(
            f"Ce fichier ne contient que {edition.medecins} médecins, contre {servie.medecins} dans "
            "l'édition servie : il semble tronqué. Rien n'a été changé (--forcer pour l'importer quand même)."
        )


# Columns written by the importer, in this order (raw inserts: the ORM's per-object work would
# dominate the import of ~194 000 doctors).
CHAMPS = (
    "id", "edition_id", "nom", "prenom", "civilite", "specialites", "type_medecin", "secteur", "option",
    "carte_vitale", "code_postal", "ville", "nom_normalise", "nom_complet", "ville_normalisee",
)  # fmt: skip
SPECIALITES, TYPE = CHAMPS.index("specialites"), CHAMPS.index("type_medecin")


def _inserer(lignes):
    table = Medecin._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(CHAMPS)}) VALUES ({', '.join(['%s'] * len(CHAMPS))})"  # noqa: S608
    # One transaction per batch: in autocommit, SQLite would sync the disk for every row.
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.executemany(sql, lignes)


def _premier_id():
    dernier = Medecin.objects.order_by("-id").values_list("id", flat=True).first()
    return (dernier or 0) + 1


def _remplir(edition, lecteur, entete):
    position = {nom: entete.index(nom) for nom in COLONNES}
    p_type, p_secteur, p_option = (
        position[c] for c in ("type_ps_code", "secteur_conventionnel_code", "option_tarifaire_code")
    )
    p_nom, p_prenom, p_cp, p_ville, p_voie = (
        position[c]
        for c in (
            "ps_activite_nom",
            "ps_activite_prenom",
            "coordonnees_code_postal",
            "coordonnees_ville",
            "coordonnees_voie",
        )
    )
    p_code, p_libelle = position["specialite_code"], position["specialite_libelle"]
    p_civilite, p_vitale = position["ps_activite_civilite"], position["ps_activite_carte_vitale"]
    largeur = len(entete)
    oppositions = Oppositions()
    normaliser = codes.normaliser
    # Ids are given here (one importer at a time): a practitioner's later rows can then reach
    # their doctor, written or not, through a 12-byte digest of (name, first name, place).
    prochain_id = _premier_id()
    vus = {}  # digest -> id
    en_attente = {}  # id -> row (list), until written
    ajouts_tardifs = {}  # id -> [(label, type)] seen after the doctor was written
    lignes = lignes_medecins = retires = 0

    def ecrire():
        _inserer(list(en_attente.values()))
        cache.touch(VERROU, DUREE_VERROU)  # still running
        en_attente.clear()

    try:
        for ligne in lecteur:
            if not ligne:
                continue
            lignes += 1
            if len(ligne) != largeur:
                raise FormatRefuse(
                    f"Ligne {lignes + 1} : {len(ligne)} champs au lieu de {largeur}. "
                    "Le fichier semble tronqué ou mal formé ; rien n'a été changé."
                )
            if ligne[p_type].strip() != codes.TYPE_MEDECIN:
                continue
            code_option = ligne[p_option].strip()
            secteur = codes.secteur(ligne[p_secteur].strip(), code_option)
            if secteur is None:
                continue
            lignes_medecins += 1
            nom, prenom = ligne[p_nom].strip(), ligne[p_prenom].strip()
            code_postal, ville = ligne[p_cp].strip(), ligne[p_ville].strip()
            nom_n, prenom_n, ville_n = normaliser(nom), normaliser(prenom), normaliser(ville)
            if oppositions.exclut(nom_n, prenom_n, code_postal, ville_n):
                retires += 1
                continue
            cle = hashlib.blake2b(
                "\x1f".join((nom_n, prenom_n, ligne[p_voie].strip().upper(), code_postal, ville_n)).encode(),
                digest_size=12,
            ).digest()
            libelle = ligne[p_libelle].strip()
            type_medecin = codes.type_medecin(ligne[p_code].strip(), libelle)
            deja = vus.get(cle)
            if deja is not None:
                if deja in en_attente:
                    _ajouter_specialite(en_attente[deja], libelle, type_medecin)
                else:
                    ajouts_tardifs.setdefault(deja, []).append((libelle, type_medecin))
                continue
            vus[cle] = prochain_id
            en_attente[prochain_id] = [
                prochain_id,
                edition.pk,
                nom[:200],
                prenom[:200],
                ligne[p_civilite].strip()[:20],
                libelle[:500],
                type_medecin,
                secteur,
                codes.OPTIONS_OPTAM.get(code_option, ""),
                codes.carte_vitale(ligne[p_vitale]),
                code_postal[:10],
                ville[:200],
                nom_n[:200],
                f"{nom_n} {prenom_n}"[:400],
                ville_n[:200],
            ]
            prochain_id += 1
            if len(en_attente) >= LOT:
                ecrire()
        ecrire()
    except (csv.Error, UnicodeDecodeError) as erreur:
        raise FormatRefuse(
            f"Ligne {lignes + 1} illisible ({erreur}) : le fichier semble tronqué ou mal formé ; "
            "rien n'a été changé."
        ) from erreur
    finally:
        _recaler_sequence()
    for pk, ajouts in ajouts_tardifs.items():
        medecin = Medecin.objects.get(pk=pk)
        ligne = [None] * len(CHAMPS)
        ligne[SPECIALITES], ligne[TYPE] = medecin.specialites, medecin.type_medecin
        for libelle, type_medecin in ajouts:
            _ajouter_specialite(ligne, libelle, type_medecin)
        Medecin.objects.filter(pk=pk).update(specialites=ligne[SPECIALITES], type_medecin=ligne[TYPE])
    edition.lignes, edition.lignes_medecins, edition.retires = lignes, lignes_medecins, retires
    edition.medecins = len(vus)
    edition.save()


def _recaler_sequence():
    """PostgreSQL: ids were given explicitly; the identity sequence must move past them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute(
                "SELECT setval(pg_get_serial_sequence('annuaire_medecin', 'id'), "
                "COALESCE((SELECT MAX(id) FROM annuaire_medecin), 0) + 1, false)"
            )


def _ajouter_specialite(ligne, libelle, type_medecin):
    specialites = ligne[SPECIALITES]
    if libelle and libelle not in specialites.split(", "):
        ligne[SPECIALITES] = f"{specialites}, {libelle}"[:500] if specialites else libelle
    if codes.PRIORITE.index(type_medecin) < codes.PRIORITE.index(ligne[TYPE]):
        ligne[TYPE] = type_medecin
