"""From the dated rows to the frozen `calcul.Bareme` in force on a date, and the content version.

Every process keeps the barèmes it built in memory, keyed by the *content version* that the
shared cache holds (`settings.CACHES`: Redis in production, a file cache that all processes of
the machine share otherwise). Saving or deleting a content or barème row, from anywhere (admin,
history restore, shell, loader), sets a new version once its transaction commits (signals in
`simulateur/apps.py`). A request reads the version once (`VersionMiddleware`), so every process
serves a change on its very next request, and nothing is rebuilt while nothing changes.
"""

import contextlib
import contextvars
import datetime
import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from simulateur import calcul, series
from simulateur.models import Acte, Majoration, Medecin, Parametre, Tarif

CLE_VERSION = "version-contenus"
MEMOIRE_MAX = 2048

_verrou = threading.Lock()
_memoire = {"version": None, "valeurs": {}}
_version_de_la_requete = contextvars.ContextVar("version_de_la_requete", default=None)
_version_reportee = contextvars.ContextVar("version_reportee", default=None)


class HorsPlage(ValueError):
    """The date is outside the period the barème knows."""

    def __init__(self, premier_jour, dernier_jour):
        self.premier_jour = premier_jour
        self.dernier_jour = dernier_jour
        super().__init__(f"tarifs connus du {premier_jour} au {dernier_jour}")


def version():
    """The current content version (a random token), read from the shared cache."""
    courante = _version_de_la_requete.get()
    if courante is not None:
        return courante
    courante = cache.get(CLE_VERSION)
    if courante is None:
        cache.add(CLE_VERSION, uuid.uuid4().hex, None)  # the first process to ask sets it
        courante = cache.get(CLE_VERSION)
    return courante


def changer_de_version(sender=None, **kwargs):
    """Signal receiver: content or barème changed; every process rebuilds.

    A fresh random token rather than a counter: two changes committed at once can never end on
    a version that a process already used for older data. Set twice: at once, so that this
    process (and a test's transaction) sees its own change; and after the commit, so that a
    page another process built in between from the old rows is never served again."""
    report = _version_reportee.get()
    if report is not None:
        report.append(sender)
        if sender is None or sender._meta.app_label == "simulateur":
            vider_cache()  # this process computes with the new rows at once
        return
    _nouvelle_version()
    transaction.on_commit(_nouvelle_version)


def _nouvelle_version():
    cache.set(CLE_VERSION, uuid.uuid4().hex, None)


@contextlib.contextmanager
def version_reportee():
    """One new version when the block ends, not one per saved row: the loader saves hundreds of
    rows, and each content row's validation computes the barème's figures of its markers. In
    the block, this process drops its copies of the barème when a barème row changes (a page
    or a question changes none of them)."""
    jeton = _version_reportee.set([])
    try:
        yield
    finally:
        changements = _version_reportee.get()
        _version_reportee.reset(jeton)
        if changements:
            changer_de_version()


class VersionMiddleware:
    """Reads the content version once per request: one cache read, whatever the page needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = _version_de_la_requete.set(version())
        try:
            return self.get_response(request)
        finally:
            _version_de_la_requete.reset(jeton)


def vider_cache(**kwargs):
    """Forgets this process's copies (tests; the version makes it needless in production)."""
    with _verrou:
        _memoire["version"] = None
        _memoire["valeurs"] = {}


def memoise(cle, construire):
    """What `construire()` returns, kept in this process for as long as the content version."""
    courante = version()
    with _verrou:
        if _memoire["version"] != courante:
            _memoire["version"], _memoire["valeurs"] = courante, {}
        valeurs = _memoire["valeurs"]
        if cle in valeurs:
            return valeurs[cle]
    valeur = construire()
    with _verrou:
        if _memoire["version"] == courante:
            if len(valeurs) >= MEMOIRE_MAX:
                valeurs.clear()
            valeurs[cle] = valeur
    return valeur


def aujourdhui():
    return timezone.localdate()


def plage():
    """(first day, last day) the simulator accepts: from the oldest row to the end of next year.

    Rows without an end date stay in force, but nobody knows the tariffs of years to come."""

    def construire():
        premier = Tarif.objects.aggregate(debut=Min("debut"))["debut"]
        tarifs_a_venir()  # read with the range: the first simulation of the day asks for both
        return premier, datetime.date(aujourdhui().year + 1, 12, 31)

    return memoise(("plage", aujourdhui()), construire)


def bareme_du(date: datetime.date) -> calcul.Bareme:
    premier, dernier = plage()
    if premier is None or not premier <= date <= dernier:
        raise HorsPlage(premier, dernier)
    return memoise(("bareme", date), lambda: _construire(date, premier))


def _construire(date, premier_jour):
    # The doctors come with their tariff rows: a doctor with no tariff that day cannot be simulated.
    lignes = list(Tarif.objects.en_vigueur(date).select_related("medecin"))
    medecins = {ligne.medecin.slug: ligne.medecin.en_calcul() for ligne in lignes}
    parametres = {p.code: p.en_calcul() for p in Parametre.objects.en_vigueur(date)}
    # Every act and every majoration (two small tables, one query each): the editors' markers
    # check their `acte` and `code` against them, without a query of their own.
    return calcul.Bareme(
        date=date,
        medecins=medecins,
        tarifs=tuple(t.en_calcul() for t in lignes),
        parametres=parametres,
        premier_jour=premier_jour,
        actes={a.slug: a for a in actes()},
        majorations=tuple(
            m.en_calcul() for m in _majorations() if m.debut <= date and (m.fin is None or m.fin >= date)
        ),
    )


def tarifs_a_venir():
    """The tariff rows that start after today, in date order (announced values; cached like the
    barème, so a simulation with a warm cache makes no query)."""
    jour = aujourdhui()
    return memoise(
        ("a-venir", jour),
        lambda: [
            t.en_calcul()
            for t in Tarif.objects.filter(debut__gt=jour).select_related("medecin").order_by("debut")
        ],
    )


def tarifs_annonces(tarif, jour):
    """The different amounts already announced (starting after today) for the consultation whose
    tariff on `jour` is `tarif`, in date order: (amount, first day)."""
    annonces, precedent = [], tarif.montant
    for ligne in tarifs_a_venir():
        meme_consultation = (ligne.medecin, ligne.acte, ligne.categorie, ligne.parcours, ligne.age_min) == (
            tarif.medecin,
            tarif.acte,
            tarif.categorie,
            tarif.parcours,
            tarif.age_min,
        )
        if meme_consultation and ligne.debut > jour:
            if ligne.montant != precedent:
                annonces.append((ligne.montant, ligne.debut))
            precedent = ligne.montant
    return annonces


def historique(tarif):
    """Every amount of the consultation whose tariff is `tarif` (a row of the barème), from its
    first row to its last announced one, in date order; consecutive rows with the same amount (a
    change of code) are one period: (amount, first day, last day or None)."""
    periodes = []
    lignes = Tarif.objects.filter(
        medecin__slug=tarif.medecin,
        acte=tarif.acte,
        categorie=tarif.categorie,
        parcours=tarif.parcours,
        age_min=tarif.age_min,
    ).order_by("debut")
    for ligne in lignes:
        if periodes and periodes[-1][0] == ligne.montant:
            periodes[-1] = (ligne.montant, periodes[-1][1], ligne.fin)
        else:
            periodes.append((ligne.montant, ligne.debut, ligne.fin))
    return periodes


def medecins():
    """The doctor types, in form order (shared, cached like the barème)."""
    return memoise("medecins", lambda: [m.en_calcul() for m in Medecin.objects.all()])


def actes():
    """The acts the simulator knows, in form order (shared, cached like the barème)."""
    return memoise("actes", lambda: [a.en_calcul() for a in Acte.objects.all()])


def _majorations():
    return memoise("majorations", lambda: list(Majoration.objects.select_related("medecin")))


def codes_majorations():
    """Every majoration code of the barème, whatever its dates (shared, cached like the barème)."""
    return tuple(sorted({m.code for m in _majorations()}))


def date_dernier_changement(date=None):
    """The last day, on or before `date`, on which the amount of a consultation tariff changed (a
    new row with the same amount, a change of code, is no change: `series`)."""
    date = date or aujourdhui()
    return memoise(
        ("changement", date),
        lambda: series.derniers_changements(list(Tarif.objects.order_by("debut", "pk")), date),
    )
