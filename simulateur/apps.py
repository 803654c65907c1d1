from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SimulateurConfig(AppConfig):
    name = "simulateur"
    verbose_name = "Simulateur et barème"

    def ready(self):
        from simulateur import baremes
        from simulateur.models import Acte, Majoration, Medecin, Parametre, Tarif

        # Any change to the barème, from anywhere, gives every process a new content version.
        for modele in (Medecin, Tarif, Parametre, Acte, Majoration):
            for signal in (post_save, post_delete):
                signal.connect(
                    baremes.changer_de_version,
                    sender=modele,
                    dispatch_uid=f"version-{modele.__name__}-{signal}",
                )
