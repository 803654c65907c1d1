from django.apps import AppConfig


class SecteursConfig(AppConfig):
    name = "secteurs"
    verbose_name = "Contenus éditoriaux"
