from django.core.management.base import BaseCommand

from annuaire import generation


class Command(BaseCommand):
    help = (
        "Écrit un fichier fictif au format exact de l'annuaire de l'Assurance Maladie "
        "(noms « FICTIF-… » et « EXEMPLE-… »), pour les essais et la démonstration."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fichier", help="chemin du fichier à écrire, par exemple liste-ps-20261201-020000.csv"
        )
        parser.add_argument("--lignes", type=int, default=300, help="nombre de lignes (300 par défaut)")
        parser.add_argument(
            "--graine", type=int, default=14, help="graine du tirage (même graine, même fichier)"
        )

    def handle(self, fichier, lignes, graine, **options):
        generation.generer(fichier, nombre=lignes, graine=graine)
        self.stdout.write(f"{lignes} lignes fictives écrites dans {fichier}.")
