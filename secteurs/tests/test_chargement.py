"""`charger_contenu` never fights an editor (issue 11, point 2)."""

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from secteurs.models import ChargementInitial, Page, Question, Terme, Theme
from simulateur.models import Acte, Majoration, Medecin, Parametre, Tarif

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
MODELES = [Medecin, Acte, Majoration, Parametre, Tarif, Theme, Page, Question, Terme]


def charger(**options):
    sortie = io.StringIO()
    call_command("charger_contenu", stdout=sortie, **options)
    return sortie.getvalue()


def photo():
    return {m.__name__: sorted(map(str, m.objects.values_list())) for m in MODELES}


def test_deux_fois_ne_change_rien():
    avant = photo()
    assert "Terminé : 0 ligne(s) créée(s)." in charger()
    assert "Terminé : 0 ligne(s) créée(s)." in charger()
    assert photo() == avant


def test_une_question_supprimee_n_est_pas_recreee():
    Question.objects.get(slug="optam-mieux-rembourse").delete()
    charger()
    assert not Question.objects.filter(slug="optam-mieux-rembourse").exists()


def test_une_base_d_avant_le_registre_ne_recree_rien_de_ce_que_l_historique_a_vu():
    """A database built before the loader kept its register (migration 0005): the rows editors
    deleted or renamed then are known from their history, and are not created again."""
    Question.objects.get(slug="optam-mieux-rembourse").delete()
    page = Page.objects.get(slug="mentions-legales")
    page.slug = "informations-legales"
    page.save()
    ligne = Parametre.objects.filter(code="seuil-information-ecrite").order_by("debut").last()
    ligne.delete()
    ChargementInitial.objects.all().delete()
    avant = photo()
    assert "Terminé : 0 ligne(s) créée(s)." in charger()
    assert photo() == avant
    # Remembered from now on, like every other key.
    assert ChargementInitial.objects.filter(
        modele="secteurs.question", cle='["optam-mieux-rembourse"]'
    ).exists()


def test_une_page_renommee_n_est_pas_recreee():
    page = Page.objects.get(slug="mentions-legales")
    page.slug = "informations-legales"
    page.save()
    nombre = Page.objects.count()
    charger()
    assert not Page.objects.filter(slug="mentions-legales").exists()
    assert Page.objects.count() == nombre


def test_un_theme_renomme_ne_cree_pas_de_doublon_vide():
    theme = Theme.objects.first()
    questions = theme.question_set.count() if hasattr(theme, "question_set") else None
    theme.slug = theme.slug + "-renomme"
    theme.save()
    nombre = Theme.objects.count()
    charger()
    assert Theme.objects.count() == nombre
    if questions is not None:
        assert Theme.objects.get(pk=theme.pk).question_set.count() == questions


def test_un_tarif_deplace_n_est_pas_reinsere():
    ligne = Tarif.objects.get(
        medecin__slug="generaliste", acte="consultation", categorie="opposable", age_min=6, fin__isnull=True
    )
    ligne.debut = ligne.debut.replace(day=ligne.debut.day + 1)
    ligne.save()
    nombre = Tarif.objects.count()
    charger()
    assert Tarif.objects.count() == nombre


def test_une_modification_n_est_jamais_ecrasee():
    question = Question.objects.get(slug="optam-mieux-rembourse")
    question.reponse = "Texte revu par l'équipe."
    question.save()
    charger()
    question.refresh_from_db()
    assert question.reponse == "Texte revu par l'équipe."


def test_un_conflit_arrete_tout_sans_rien_changer(tmp_path):
    """A new fixture row overlapping an existing one: a French report, and nothing created,
    not even the valid rows before it."""
    dossier = tmp_path / "fixtures"
    dossier.mkdir()
    ligne = Parametre.objects.get(code="seuil-information-ecrite", fin__isnull=True)
    nouvelle_valide = {
        "model": "secteurs.terme",
        "fields": {
            "slug": "terme-nouveau",
            "terme": "Terme nouveau",
            "definition": "Une définition.",
            "publie": True,
            "ordre": 99,
        },
    }
    chevauchante = {
        "model": "simulateur.parametre",
        "fields": {
            "code": ligne.code,
            "valeur": "80.00",
            "unite": ligne.unite,
            "debut": ligne.debut.replace(day=ligne.debut.day + 2).isoformat(),
            "fin": None,
            "source_url": "https://www.ameli.fr/",
            "note": "",
        },
    }
    (dossier / "simulateur.parametre.json").write_text(json.dumps([chevauchante]))
    (dossier / "secteurs.terme.json").write_text(json.dumps([nouvelle_valide]))
    avant = photo()
    with pytest.raises(CommandError) as erreur:
        charger(dossier=str(dossier))
    message = str(erreur.value)
    assert "Chargement annulé, rien n'a été modifié : 1 conflit(s)" in message
    assert "chevauche" in message and "seuil-information-ecrite" in message
    assert photo() == avant
    assert not Terme.objects.filter(slug="terme-nouveau").exists()


def commande_d_export():
    """The README's export loop, as written."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    bloc = re.search(r"\n(    mkdir -p export\n(?:    .*\n)+)", readme).group(1)
    return "\n".join(ligne[4:] for ligne in bloc.splitlines())


def test_l_export_du_readme_se_recharge_tel_quel(tmp_path, django_db_blocker):
    """The README's export gives one file per model, named as the loader reads them, and a
    new site loads it into the same content."""
    base = tmp_path / "neuf.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{base}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("DJANGO_ENV", None)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    # The site exported: a fresh database loaded from fixtures/, then edited.
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, capture_output=True)
    subprocess.run([*manage, "charger_contenu"], env=env, check=True, capture_output=True)
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from secteurs.models import Question; q = Question.objects.first(); "
            "q.reponse = 'Texte exporté.'; q.save()",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    script = commande_d_export().replace(".venv/bin/python manage.py", " ".join(manage))
    subprocess.run(["/bin/bash", "-euc", script], env=env, cwd=tmp_path, check=True, capture_output=True)
    fichiers = sorted(p.name for p in (tmp_path / "export").iterdir())
    assert fichiers == sorted(p.name for p in FIXTURES.glob("*.json"))
    # A new site loads the export.
    env_neuf = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'second.sqlite3'}"}
    subprocess.run([*manage, "migrate", "-v0"], env=env_neuf, check=True, capture_output=True)
    subprocess.run(
        [*manage, "charger_contenu", "--dossier", str(tmp_path / "export")],
        env=env_neuf,
        check=True,
        capture_output=True,
    )
    compter = (
        "from django.apps import apps; import json; print(json.dumps({n: apps.get_model(n).objects.count() "
        f"for n in {[p.stem for p in FIXTURES.glob('*.json')]!r}}})); "
        "from secteurs.models import Question; "
        "print(Question.objects.filter(reponse='Texte exporté.').count())"
    )
    premier = subprocess.run(
        [*manage, "shell", "-c", compter], env=env, check=True, capture_output=True, text=True
    )
    second = subprocess.run(
        [*manage, "shell", "-c", compter], env=env_neuf, check=True, capture_output=True, text=True
    )
    assert premier.stdout == second.stdout
    assert second.stdout.split()[-1] == "1"
    shutil.rmtree(tmp_path / "export")
