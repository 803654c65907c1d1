"""Loads the initial content and barème from fixtures/, creating only what is missing.

Unlike `loaddata`, it never fights an editor (issue 11):
- an existing row (found by its natural key: slug, or code and start date) is never touched, so
  an editor's change survives every deploy;
- every natural key it ever loaded is remembered (`ChargementInitial`): a row an editor deleted,
  or whose slug or start date they changed, is never created again; on a database from before
  that register, the models' history tells the same;
- every new row is validated as the admin validates it (`full_clean()`: overlapping periods,
  impossible values, invalid markers); on any conflict nothing at all is changed (one
  transaction) and a French report names each row and the reason.
Running it twice changes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import transaction

from secteurs.models import ChargementInitial
from simulateur import baremes

# Dependencies first.
FICHIERS = [
    "simulateur.medecin",
    "simulateur.acte",
    "simulateur.majoration",
    "simulateur.parametre",
    "simulateur.tarif",
    "secteurs.theme",
    "secteurs.page",
    "secteurs.question",
    "secteurs.terme",
]


# The fields of each model's natural key, read from the fixture itself: a row is recognised
# before any reference in it is resolved (a row whose theme an editor renamed is still known).
CLES = {
    "simulateur.medecin": ["slug"],
    "simulateur.acte": ["slug"],
    "simulateur.majoration": ["code", "debut"],
    "simulateur.parametre": ["code", "debut"],
    "simulateur.tarif": ["medecin", "acte", "categorie", "parcours", "age_min", "debut"],
    "secteurs.theme": ["slug"],
    "secteurs.page": ["slug"],
    "secteurs.question": ["slug"],
    "secteurs.terme": ["slug"],
}


class Conflit(Exception):
    pass


def cle_de(nom, entree):
    champs = entree.get("fields", {})
    return json.dumps([champs.get(champ) for champ in CLES[nom]], ensure_ascii=False)


def deja_vu_dans_l_historique(nom, instance):
    """Whether a row with this natural key ever existed (its model's history has seen it): a
    database from before the register (`ChargementInitial`, migration 0005) still knows what
    editors deleted or renamed then."""
    modele = type(instance)
    attributs = [modele._meta.get_field(champ).attname for champ in CLES[nom]]
    return modele.history.filter(**{attribut: getattr(instance, attribut) for attribut in attributs}).exists()


def en_clair(erreur):
    if isinstance(erreur, ValidationError):
        if hasattr(erreur, "error_dict"):
            return " ; ".join(
                f"{champ} : {' '.join(messages)}" if champ != "__all__" else " ".join(messages)
                for champ, messages in erreur.message_dict.items()
            )
        return " ".join(erreur.messages)
    return str(erreur)


class Command(BaseCommand):
    help = "Charge le contenu initial et le barème sans jamais écraser ni recréer ce qu'un éditeur a changé."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", default=str(settings.BASE_DIR / "fixtures"))

    def handle(self, *args, dossier, **options):
        conflits = []
        try:
            with transaction.atomic(), baremes.version_reportee():
                total = self.charger(Path(dossier), conflits)
                if conflits:
                    raise Conflit
        except Conflit:
            raise CommandError(
                f"Chargement annulé, rien n'a été modifié : {len(conflits)} conflit(s) avec la base.\n"
                + "\n".join(f"- {conflit}" for conflit in conflits)
                + "\nCorrigez la ligne dans l'administration ou dans fixtures/, puis relancez."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Terminé : {total} ligne(s) créée(s)."))

    def charger(self, dossier, conflits):
        deja = set(ChargementInitial.objects.values_list("modele", "cle"))
        total = 0
        for nom in FICHIERS:
            chemin = dossier / f"{nom}.json"
            if not chemin.exists():
                continue
            crees = existants = 0
            for entree in json.loads(chemin.read_text(encoding="utf-8")):
                cle = cle_de(nom, entree)
                if (nom, cle) in deja:
                    # Loaded once: present, or deleted or renamed by an editor. Never again.
                    existants += 1
                    continue
                try:
                    (objet,) = serializers.deserialize(
                        "json", json.dumps([entree]), handle_forward_references=False
                    )
                except DeserializationError as erreur:
                    # A reference to a row that is gone (a theme an editor renamed, say).
                    conflits.append(f"{nom} {cle} : référence introuvable ({erreur.__cause__ or erreur})")
                    continue
                instance = objet.object
                ChargementInitial.objects.create(modele=nom, cle=cle)
                deja.add((nom, cle))
                if instance.pk is not None:
                    existants += 1  # there before the loader remembered its keys
                    continue
                if deja_vu_dans_l_historique(nom, instance):
                    # Deleted or renamed by an editor before the loader remembered its keys.
                    existants += 1
                    continue
                try:
                    instance.full_clean()
                except ValidationError as erreur:
                    conflits.append(f"{nom} {cle} : {en_clair(erreur)}")
                    continue
                instance._change_reason = "chargé depuis les fixtures"
                instance.save()
                crees += 1
            total += crees
            self.stdout.write(f"{nom} : {crees} créé(s), {existants} déjà chargé(s)")
        return total
