import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from annuaire import generation

# The demonstration file is written on the fly from a fixed seed (same seed, same file): no extract
# of the directory, not even a fictitious one, is kept in the repository.
NOM = "liste-ps-20261130-020000-FICTIF.csv"
LIGNES = 300
GRAINE = 14


class Command(BaseCommand):
    help = (
        "Réservé à l'équipe : écrit puis charge un annuaire de démonstration entièrement fictif "
        "(noms « FICTIF » et « EXEMPLE »). Chaque résultat est alors signalé comme fictif sur le site."
    )

    def handle(self, **options):
        with tempfile.TemporaryDirectory() as dossier:
            chemin = Path(dossier) / NOM
            generation.generer(chemin, nombre=LIGNES, graine=GRAINE)
            call_command("importer_annuaire", str(chemin), fictive=True, forcer=True, stdout=self.stdout)
