from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SecteursConfig(AppConfig):
    name = "secteurs"
    verbose_name = "Contenus éditoriaux"

    def ready(self):
        from secteurs import views
        from secteurs.models import Page, Question, Terme, Theme
        from simulateur.models import Medecin, Parametre, Tarif

        # A page quotes the barème: a change to either rebuilds the cached pages.
        for modele in (Page, Question, Terme, Theme, Medecin, Parametre, Tarif):
            for signal in (post_save, post_delete):
                signal.connect(
                    views.contenus_modifies, sender=modele, dispatch_uid=f"pages-{modele.__name__}-{signal}"
                )
