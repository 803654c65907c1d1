from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SimulateurConfig(AppConfig):
    name = "simulateur"
    verbose_name = "Simulateur et barème"

    def ready(self):
        from simulateur import baremes
        from simulateur.models import Medecin, Parametre, Tarif

        for modele in (Medecin, Tarif, Parametre):
            post_save.connect(baremes.vider_cache, sender=modele, dispatch_uid=f"bareme-{modele.__name__}")
            post_delete.connect(
                baremes.vider_cache, sender=modele, dispatch_uid=f"bareme-del-{modele.__name__}"
            )
