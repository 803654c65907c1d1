"""From the dated rows to the frozen `calcul.Bareme` in force on a date.

Three queries per date, then memory: the simulator's hot path makes none. Saving or deleting a
row drops this process's cache at once (signals in `apps.py`); other worker processes see the
change after `BAREME_CACHE_SECONDS` at most.
"""

import datetime
import threading
import time

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from simulateur import calcul
from simulateur.models import Medecin, Parametre, Tarif

_verrou = threading.Lock()
_cache: dict = {}


class HorsPlage(ValueError):
    """The date is outside the period the barème knows."""

    def __init__(self, premier_jour, dernier_jour):
        self.premier_jour = premier_jour
        self.dernier_jour = dernier_jour
        super().__init__(f"tarifs connus du {premier_jour} au {dernier_jour}")


def vider_cache(**kwargs):
    with _verrou:
        _cache.clear()


def memoise(cle, construire):
    """Keeps what `construire()` returns, for as long as the barème it was built from."""
    maintenant = time.monotonic()
    with _verrou:
        trouve = _cache.get(cle)
        if trouve and trouve[0] > maintenant:
            return trouve[1]
    valeur = construire()
    with _verrou:
        if len(_cache) > 2048:
            _cache.clear()
        _cache[cle] = (maintenant + settings.BAREME_CACHE_SECONDS, valeur)
    return valeur


def aujourdhui():
    return timezone.localdate()


def plage():
    """(first day, last day) the simulator accepts: from the oldest row to the end of next year.

    Rows without an end date stay in force, but nobody knows the tariffs of years to come."""

    def construire():
        premier = Tarif.objects.aggregate(debut=Min("debut"))["debut"]
        return premier, datetime.date(aujourdhui().year + 1, 12, 31)

    return memoise("plage", construire)


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
    return calcul.Bareme(
        date=date,
        medecins=medecins,
        tarifs=tuple(t.en_calcul() for t in lignes),
        parametres=parametres,
        premier_jour=premier_jour,
    )


def medecins():
    """The doctor types, in form order (shared, cached like the barème)."""
    return memoise("medecins", lambda: [m.en_calcul() for m in Medecin.objects.all()])


def date_dernier_changement(date=None):
    """The most recent start date of a consultation tariff on or before `date`."""
    date = date or aujourdhui()
    return memoise(
        ("changement", date),
        lambda: (
            Tarif.objects.filter(debut__lte=date).order_by("-debut").values_list("debut", flat=True).first()
        ),
    )
