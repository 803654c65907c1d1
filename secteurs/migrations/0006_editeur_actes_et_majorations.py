"""The « Éditeur » group also edits the acts and majorations of the barème (with their history)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELES = ["acte", "majoration", "historicalacte", "historicalmajoration"]


def ajouter(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    groupe = apps.get_model("auth", "Group").objects.filter(name="Éditeur").first()
    if groupe is None:
        return
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="simulateur", content_type__model__in=MODELES
    )
    # History is read (and restored through the model's own change permission), never edited.
    groupe.permissions.add(
        *[p for p in permissions if not p.content_type.model.startswith("historical") or p.codename.startswith("view_")]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("secteurs", "0005_chargement_initial"),
        ("simulateur", "0002_actes_et_majorations"),
    ]

    operations = [migrations.RunPython(ajouter, migrations.RunPython.noop)]
