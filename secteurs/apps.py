from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SecteursConfig(AppConfig):
    name = "secteurs"
    verbose_name = "Contenus éditoriaux"

    def ready(self):
        from secteurs import checks  # noqa: F401 -- registers the deploy check of the legal notices
        from secteurs.models import Page, Question, Terme, Theme
        from simulateur import baremes

        # A change to the content, from anywhere, gives every process a new content version.
        for modele in (Page, Question, Terme, Theme):
            for signal in (post_save, post_delete):
                signal.connect(
                    baremes.changer_de_version,
                    sender=modele,
                    dispatch_uid=f"version-{modele.__name__}-{signal}",
                )
