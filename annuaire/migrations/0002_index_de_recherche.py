"""Full-text index of doctors' names: FTS5 on SQLite, GIN (to_tsvector 'simple') on PostgreSQL."""

from django.db import migrations


def creer(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE annuaire_recherche USING fts5(nom_complet, content='annuaire_medecin', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX annuaire_medecin_plein_texte ON annuaire_medecin "
            "USING gin (to_tsvector('simple', nom_complet))"
        )


def supprimer(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS annuaire_recherche")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS annuaire_medecin_plein_texte")


class Migration(migrations.Migration):
    dependencies = [("annuaire", "0001_annuaire_editions_medecins_oppositions")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
