from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO = Path(__file__).resolve().parents[2] / "donnees" / "liste-ps-20261130-020000-FICTIF.csv"


class Command(BaseCommand):
    help = (
        "Réservé à l'équipe : charge le fichier de démonstration, entièrement fictif (noms « FICTIF » "
        "et « EXEMPLE »). Chaque résultat est alors signalé comme fictif sur le site."
    )

    def handle(self, **options):
        call_command("importer_annuaire", str(DEMO), fictive=True, forcer=True, stdout=self.stdout)
