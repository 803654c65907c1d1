"""Markers in editors' texts: hostile texts are refused at save, and never break a page.

Each text of the table is what an editor (or an attacker with an editor's account) might type.
It must be refused by the admin's validation with a French message naming the marker, fast;
and when forced into the database past the admin, the page must still answer 200, fast, with
« valeur indisponible » where a figure cannot be computed.
"""

import datetime
import html
import re
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from secteurs import marqueurs, rendu
from secteurs.models import Question
from simulateur import affichage, baremes

pytestmark = pytest.mark.django_db

HOSTILES = [
    pytest.param("&#123;&#123; tarif age=NaN &#125;&#125;", "age=NaN", id="entites-nan"),
    pytest.param("{{ tarif age=NaN }}", "age=NaN", id="nan"),
    pytest.param("{{ tarif age=1e500000 }}", "age=1e500000", id="exposant"),
    pytest.param("&#123;&#123; tarif age=1e999999 &#125;&#125;", "age=1e999999", id="entites-exposant"),
    pytest.param("{{a b=" * 8_000, "accolades sans marqueur valide", id="48-ko-d-accolades"),
    pytest.param("{{" * 24_000, "accolades sans marqueur valide", id="48-ko-de-doubles-accolades"),
    pytest.param("{{ pf }}" * 7_000, "au plus 50000 caractères", id="texte-trop-long"),
    pytest.param("{{ sorcier }}", "marqueur inconnu « sorcier »", id="nom-inconnu"),
    pytest.param("{{ tarif medecin=sorcier }}", "medecin=sorcier", id="medecin-inconnu"),
    pytest.param("{{ tarif secteur=9 }}", "secteur=9", id="secteur-inconnu"),
    pytest.param("{{ montant quoi=tout }}", "quoi=tout", id="quoi-inconnu"),
    pytest.param("{{ montant medecin=generaliste }}", "demande l'argument quoi", id="argument-manquant"),
    pytest.param("{{ parametre code=inconnu }}", "code=inconnu", id="parametre-inconnu"),
    pytest.param("{{ majoration code=XX }}", "code=XX", id="majoration-inconnue"),
    pytest.param("{{ pf montant=3 }}", "argument inconnu « montant »", id="argument-en-trop"),
    pytest.param("{{ tarif honoraires=60 }}", "argument inconnu « honoraires »", id="honoraires-du-tarif"),
    pytest.param(
        "{{ tarif medecin = generaliste }}", "sans espace autour de « = »", id="espaces-autour-du-egal"
    ),
    pytest.param("{{ Tarif medecin=generaliste }}", "en minuscules : « tarif »", id="majuscule"),
    pytest.param("{{ tarif medecin=generaliste }", "accolades sans marqueur valide", id="accolade-manquante"),
    pytest.param("{ { pf } }", None, id="accolades-espacees-sans-effet"),
    pytest.param(
        "[le tarif](https://example.org/{{ pf }})", "dans un lien ou une adresse", id="dans-une-adresse"
    ),
    pytest.param("[{{ exemple }}](https://example.org/)", "seul dans son paragraphe", id="bloc-dans-un-lien"),
    pytest.param("## Exemple {{ comparaison }}", "seul dans son paragraphe", id="bloc-dans-un-titre"),
    pytest.param("{{ exemple honoraires=99999 }}", "honoraires=99999", id="montant-trop-grand"),
    pytest.param("{{ exemple age=121 }}", "age=121", id="age-trop-grand"),
]


@pytest.mark.parametrize(("texte", "message"), HOSTILES)
def test_un_marqueur_hostile_est_refuse_puis_ne_casse_jamais_la_page(client, texte, message):
    question = Question.objects.get(slug="css-depassement")
    question.reponse = f"Début.\n\n{texte}\n\nFin."
    debut = time.perf_counter()
    if message is None:
        question.full_clean()
    else:
        with pytest.raises(ValidationError) as erreur:
            question.full_clean()
        messages = erreur.value.message_dict["reponse"]
        assert any(message in m for m in messages), messages
    assert time.perf_counter() - debut < 1

    # Forced into the database past the admin: the page still answers, fast.
    Question.objects.filter(pk=question.pk).update(reponse=texte, reponse_html=rendu.preparer(texte))
    durees = []
    for _ in range(3):
        baremes.vider_cache()
        debut = time.perf_counter()
        reponse = client.get(question.get_absolute_url(), HTTP_HX_REQUEST="")
        durees.append(time.perf_counter() - debut)
        assert reponse.status_code == 200
    assert min(durees) < 0.1, durees


def test_un_marqueur_non_calcule_est_signale_aux_editeurs(client, caplog):
    question = Question.objects.get(slug="css-depassement")
    Question.objects.filter(pk=question.pk).update(reponse_html="<p>Le tarif : {{ tarif age=NaN }}.</p>")
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Le tarif\u202f: " + marqueurs.INDISPONIBLE in html
    assert "/questions-frequentes/css-depassement/" in caplog.text and "{{ tarif age=NaN }}" in caplog.text


def test_un_marqueur_dans_un_attribut_n_est_jamais_rendu(client):
    question = Question.objects.get(slug="css-depassement")
    html = '<p><a href="https://example.org/{{ pf }}">lien</a> {{ pf }}</p>'
    Question.objects.filter(pk=question.pk).update(reponse_html=html)
    page = client.get(question.get_absolute_url()).content.decode()
    assert 'href="https://example.org/"' in page
    assert "2,00\u00a0€</p>" in page


def test_le_texte_affiche_est_celui_qui_a_ete_valide():
    # Entities are decoded by the sanitiser: the stored HTML shows the marker to validation.
    html = rendu.preparer("&#123;&#123; tarif age=NaN &#125;&#125;")
    assert "{{ tarif age=NaN }}" in html
    assert marqueurs.erreurs(html)


def test_un_texte_trop_long_est_refuse():
    question = Question.objects.get(slug="css-depassement")
    question.reponse = "a" * 50_001
    with pytest.raises(ValidationError) as erreur:
        question.full_clean()
    assert "reponse" in erreur.value.message_dict


def test_l_aide_des_marqueurs_vient_du_registre():
    lignes = marqueurs.aide()
    assert [exemple.split()[1] for exemple, _, _ in lignes] == list(marqueurs.REGISTRE)
    parametre = next(arguments for exemple, _, arguments in lignes if "parametre" in exemple)
    assert parametre[0][0] == "code" and "taux-amo" in parametre[0][1]


def test_le_markdown_n_est_converti_qu_a_l_enregistrement(client, monkeypatch):
    question = Question.objects.get(slug="css-depassement")
    question.reponse = "Nouvelle **réponse**, {{ pf }}."
    question.save()
    assert question.reponse_html == "<p>Nouvelle <strong>réponse</strong>, {{ pf }}.</p>"

    def interdit(*args):
        raise AssertionError("Markdown converti à la lecture")

    monkeypatch.setattr(rendu, "preparer", interdit)
    assert (
        "Nouvelle <strong>réponse</strong>, 2,00\u00a0€."
        in client.get(question.get_absolute_url()).content.decode()
    )


def test_l_aide_de_l_admin_liste_chaque_marqueur(admin_client):
    question = Question.objects.get(slug="css-depassement")
    html = admin_client.get(f"/admin/secteurs/question/{question.pk}/change/").content.decode()
    for nom, marqueur in marqueurs.REGISTRE.items():
        assert f"<code>{marqueur.exemple}</code>" in html, nom


def test_le_marqueur_majoration_cite_le_montant_en_vigueur():
    import datetime

    from simulateur.models import Majoration

    bareme = baremes.bareme_du(datetime.date(2026, 6, 1))
    for code in ("MD", "F", "MN", "MM", "MHP"):
        attendu = Majoration.objects.filter(code=code, debut__lte=bareme.date).order_by("-debut").first()
        texte = marqueurs.remplacer(f"<p>{{{{ majoration code={code} }}}}</p>", bareme)
        assert texte == f"<p>{affichage.euros(attendu.montant)}</p>"
    # Before 22 December 2024 the MHP did not exist: the page says the figure is unavailable.
    ancien = baremes.bareme_du(datetime.date(2024, 6, 1))
    assert marqueurs.INDISPONIBLE in marqueurs.remplacer("<p>{{ majoration code=MHP }}</p>", ancien)


def test_historique_d_un_tarif_calcule_du_bareme():
    """« Les évolutions récentes » of a tariff come from the barème, never a list typed by hand
    that the next announced value would contradict (« 30 € depuis le …, c'est le tarif
    d'aujourd'hui » once a new value applies)."""
    from simulateur.models import Tarif

    texte = rendu.preparer("{{ historique medecin=generaliste }}")
    assert marqueurs.erreurs(texte, baremes.bareme_du(baremes.aujourdhui())) == []
    items = [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", rendu.resoudre(texte))]
    assert items == [
        "25,00\u00a0€ jusqu'au 31 octobre 2023",
        "26,50\u00a0€ du 1er novembre 2023 au 21 décembre 2024",
        "30,00\u00a0€ depuis le 22 décembre 2024 (tarif d'aujourd'hui)",
    ]
    # A value announced for next year: today's line gets its end, the next one is announced.
    actuel = Tarif.objects.get(
        medecin__slug="generaliste", categorie="opposable", age_min=6, acte="consultation", fin=None
    )
    debut = datetime.date(baremes.aujourdhui().year + 1, 1, 1)
    actuel.fin = debut - datetime.timedelta(days=1)
    actuel.save()
    actuel.pk, actuel.debut, actuel.fin, actuel.montant = None, debut, None, Decimal("31.50")
    actuel.save()
    baremes.vider_cache()
    items = [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", rendu.resoudre(texte))]
    assert items[2:] == [
        f"30,00\u00a0€ du 22 décembre 2024 au 31 décembre {debut.year - 1} (tarif d'aujourd'hui)",
        f"31,50\u00a0€ à partir du 1er janvier {debut.year} (annoncé)",
    ]


def test_date_des_tarifs_ignore_un_simple_changement_de_code():
    """`{{ date-tarifs }}` (and the home page) give the last day an amount changed: a new row with
    the same amount (a new code) is no change of tariff."""
    from simulateur.models import Tarif

    texte = rendu.preparer("{{ date-tarifs }}")
    avant = rendu.resoudre(texte)
    en_cours = Tarif.objects.filter(medecin__slug="generaliste", acte="consultation", fin=None)
    actuel = en_cours.order_by("pk").first()
    jour = baremes.aujourdhui() - datetime.timedelta(days=3)
    assert actuel.debut < jour
    actuel.fin = jour - datetime.timedelta(days=1)
    actuel.save()
    actuel.pk, actuel.debut, actuel.fin, actuel.code = None, jour, None, "G2"
    actuel.save()
    baremes.vider_cache()
    assert rendu.resoudre(texte) == avant
    assert affichage.date_fr(jour) not in avant
