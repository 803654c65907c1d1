"""Loads the initial content and barème from fixtures/, creating only what is missing.

Unlike `loaddata`, an existing row (found by its natural key: slug, or code and start date) is
never touched, so an editor's change survives every deploy. Running it twice changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

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


class Command(BaseCommand):
    help = "Charge le contenu initial et le barème sans jamais écraser une modification."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", default=str(settings.BASE_DIR / "fixtures"))

    @transaction.atomic
    def handle(self, *args, dossier, **options):
        total_crees = 0
        for nom in FICHIERS:
            chemin = Path(dossier) / f"{nom}.json"
            if not chemin.exists():
                continue
            crees = existants = 0
            with chemin.open(encoding="utf-8") as fichier:
                for objet in serializers.deserialize("json", fichier, handle_forward_references=False):
                    instance = objet.object
                    # The deserializer found the row by its natural key: it exists, leave it.
                    if instance.pk is not None:
                        existants += 1
                        continue
                    instance._change_reason = "chargé depuis les fixtures"
                    instance.save()
                    crees += 1
            total_crees += crees
            self.stdout.write(f"{nom} : {crees} créé(s), {existants} déjà présent(s)")
        self.stdout.write(self.style.SUCCESS(f"Terminé : {total_crees} ligne(s) créée(s)."))
