"""The « Éditeur » group: changes content and the barème (with their history), not users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELES = {
    "secteurs": ["page", "question", "terme", "theme", "historicalpage", "historicalquestion",
                 "historicalterme", "historicaltheme"],
    "simulateur": ["medecin", "tarif", "parametre", "historicalmedecin", "historicaltarif",
                   "historicalparametre"],
}


def creer_groupe(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groupe, _ = Group.objects.get_or_create(name="Éditeur")
    for app_label, modeles in MODELES.items():
        permissions = Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=modeles)
        # History is read (and restored through the model's own change permission), never edited.
        groupe.permissions.add(
            *[p for p in permissions if not p.content_type.model.startswith("historical") or p.codename.startswith("view_")]
        )


def supprimer_groupe(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Éditeur").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("secteurs", "0001_initial"),
        ("simulateur", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(creer_groupe, supprimer_groupe)]
