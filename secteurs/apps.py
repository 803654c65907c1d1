from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_delete, post_save


class SecteursConfig(AppConfig):
    name = "secteurs"
    verbose_name = "Contenus éditoriaux"

    def ready(self):
        from secteurs import checks  # registers the deploy check of the legal notices

        # LCEN art. 6: in production the site does not start while the legal notices name nobody
        # (the same rule as `check --deploy`, for a deployment that never runs it).
        if settings.PRODUCTION and (erreurs := checks.mentions_legales()):
            raise ImproperlyConfigured("\n".join(f"{e.msg} {e.hint}" for e in erreurs))
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
