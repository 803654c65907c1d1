import signal
import sys

from django.core.management.base import BaseCommand, CommandError

from annuaire import importation


class Command(BaseCommand):
    help = (
        "Importe l'annuaire santé de l'Assurance Maladie (fichier liste-ps-….csv) : un chemin, une "
        "adresse, ou rien pour la dernière édition publiée sur data.gouv.fr. L'édition servie n'est "
        "remplacée qu'à la fin d'un import réussi."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", nargs="?", help="chemin ou adresse https du fichier (défaut : data.gouv.fr)"
        )
        parser.add_argument("--fictive", action="store_true", help="marquer l'édition comme fictive")
        parser.add_argument(
            "--forcer", action="store_true", help="importer même si le fichier compte bien moins de médecins"
        )

    def handle(self, source=None, fictive=False, forcer=False, **options):
        # SIGTERM (systemd stopping the job) cleans up like Ctrl+C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            date = None
            if not source:
                source, date = importation.derniere_ressource()
                self.stdout.write(f"Dernière édition sur data.gouv.fr : {source}")
            try:
                flux, taille = importation.ouvrir(source)
            except OSError as erreur:
                raise importation.FormatRefuse(f"Impossible d'ouvrir {source} : {erreur}") from erreur
            progression = self.barre if self.stdout.isatty() else None
            with flux:
                edition = importation.importer(
                    flux, source, date, fictive=fictive, taille=taille, progression=progression, forcer=forcer
                )
        except importation.FormatRefuse as erreur:
            raise CommandError(str(erreur)) from erreur
        if progression:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{edition} importée : {edition.lignes} lignes, "
                f"{edition.lignes_medecins} lignes de médecins, "
                f"{edition.medecins} médecins, {edition.retires} retirés à leur demande."
            )
        )

    _derniere = -1

    def barre(self, lus, taille):
        if not taille:
            return
        pourcent = min(100, 100 * lus // taille)
        if pourcent != self._derniere:
            self._derniere = pourcent
            plein = pourcent // 4
            self.stdout.write(f"\r[{'#' * plein}{'.' * (25 - plein)}] {pourcent:3d} %", ending="")
            self.stdout.flush()
