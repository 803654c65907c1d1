"""Texts in the admin, as a member of the « Éditeur » group edits them (issue 17)."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from secteurs import marqueurs
from secteurs.admin import aide_marqueurs
from secteurs.models import Page, Question, Terme, normaliser

pytestmark = pytest.mark.django_db


def question():
    return Question.objects.get(slug="difference-secteurs")


def formulaire(q, **modifs):
    """The change form as a browser sends it back: « \\r\\n » line endings."""
    donnees = {
        "question": q.question,
        "slug": q.slug,
        "theme": q.theme_id,
        "reponse": q.reponse.replace("\n", "\r\n"),
        "publie": "on" if q.publie else "",
        "ordre": q.ordre,
        "mis_a_jour_le": q.mis_a_jour_le.strftime("%d/%m/%Y"),
        "sources": q.sources.replace("\n", "\r\n"),
    }
    return {**donnees, **modifs}


def url_change(q):
    return reverse("admin:secteurs_question_change", args=[q.pk])


# --- Markers: every typo refused, help generated from the registry ------------------------------

FAUTES = {
    "espaces autour de =": "{{ tarif medecin = generaliste }}",
    "majuscule": "{{ Tarif medecin=generaliste }}",
    "accolade fermante manquante": "{{ tarif medecin=generaliste }",
    "accolade ouvrante manquante": "{ tarif medecin=generaliste }}",
    "nom inconnu": "{{ tarifs medecin=generaliste }}",
    "valeur inconnue": "{{ tarif medecin=chirurgien }}",
    "argument inconnu": "{{ pf medecin=generaliste }}",
}


@pytest.mark.parametrize("faute", FAUTES.values(), ids=FAUTES.keys())
def test_chaque_faute_de_marqueur_refusee_dans_l_admin(client, editrice, faute):
    q = question()
    avant = q.reponse
    reponse = client.post(url_change(q), formulaire(q, reponse=f"Le tarif est de {faute} ce jour-là."))
    assert reponse.status_code == 200
    erreurs = reponse.context["adminform"].form.errors["reponse"]
    assert erreurs and any(faute[:12] in e or "accolades" in e or "marqueur" in e for e in erreurs)
    assert question().reponse == avant


def test_l_aide_liste_chaque_marqueur_ses_arguments_et_valeurs():
    aide = str(aide_marqueurs())
    for nom, marqueur in marqueurs.REGISTRE.items():
        assert marqueur.exemple in aide.replace("&#x27;", "'"), nom
        for argument in marqueur.autorises():
            assert f"<code>{argument}=…</code>" in aide, (nom, argument)
    assert "{{ comparaison" in aide and "{{ date-tarifs }}" in aide
    # Allowed values come from the barème and the simulator's contract.
    assert "generaliste" in aide and "psychiatre" in aide and "2-optam" in aide
    assert "taux-amo" in aide and "reste" in aide and "teleconsultation" in aide


def test_chaque_exemple_de_l_aide_est_un_marqueur_valide():
    from secteurs import rendu
    from simulateur import baremes

    bareme = baremes.bareme_du(baremes.aujourdhui())
    for exemple, _, _ in marqueurs.aide():
        assert marqueurs.erreurs(rendu.preparer(exemple), bareme) == [], exemple


# --- Preview ------------------------------------------------------------------------------------


def test_previsualiser_sans_enregistrer(client, editrice):
    q = question()
    avant = q.reponse
    apercu = client.post(
        reverse("admin:secteurs_question_previsualiser", args=[q.pk]),
        formulaire(q, reponse="Texte **en cours** de relecture : {{ pf }} par consultation."),
    )
    html = apercu.content.decode()
    assert apercu.status_code == 200 and "no-store" in apercu["Cache-Control"]
    assert "<strong>en cours</strong>" in html and "2,00" in html and "{{" not in html
    assert "Aperçu des modifications non enregistrées" in html
    assert question().reponse == avant
    client.logout()
    public = client.get(q.get_absolute_url()).content.decode()
    assert "en cours" not in public and "non enregistrées" not in public


def test_previsualiser_reserve_au_personnel(client):
    q = question()
    reponse = client.post(reverse("admin:secteurs_question_previsualiser", args=[q.pk]), formulaire(q))
    # Without a session: the page of an expired session (the text given back), never a preview.
    assert reponse.status_code == 403
    assert "Votre session a expiré" in reponse.content.decode()
    assert "alerte--apercu" not in reponse.content.decode()
    assert client.get(reverse("admin:secteurs_question_previsualiser", args=[q.pk])).status_code == 302


def test_bouton_previsualiser_sur_le_formulaire(client, editrice):
    html = client.get(url_change(question())).content.decode()
    assert "Prévisualiser" in html and 'formtarget="_blank"' in html


# --- History ------------------------------------------------------------------------------------


def test_historique_en_francais_raison_et_difference_complete(client, editrice):
    q = question()
    long_texte = q.reponse + "\n\nUn paragraphe ajouté pour vérifier que rien n'est coupé. " * 30
    reponse = client.post(url_change(q), formulaire(q, reponse=long_texte))
    assert reponse.status_code == 302
    derniere = question().history.first()
    assert derniere.history_change_reason == "modifié dans l'admin"
    assert derniere.history_user == editrice
    html = client.get(reverse("admin:secteurs_question_history", args=[q.pk])).content.decode()
    assert "Modifications" in html and "Raison" in html and "modifié dans l&#x27;admin" in html
    assert "CHANGES" not in html.upper().replace("MODIFICATIONS", "") or "Changes" not in html
    assert "chars]" not in html and "<ins>+ Un paragraphe ajouté" in html
    assert "chargé depuis les fixtures" in html


def test_formulaire_renvoye_tel_quel_aucun_changement_fantome(client, editrice):
    q = question()
    mis_a_jour = q.mis_a_jour_le
    reponse = client.post(url_change(q), formulaire(q, reponse=q.reponse.replace("\n", "  \r\n") + "  \r\n"))
    assert reponse.status_code == 302
    derniere, precedente = question().history.all()[:2]
    assert derniere.diff_against(precedente).changes == []
    assert question().mis_a_jour_le == mis_a_jour


def test_normaliser():
    assert normaliser("a  \r\nb\t\r\n\r\n") == "a\nb"


def test_mis_a_jour_le_suit_un_vrai_changement(client, editrice):
    q = question()
    q.mis_a_jour_le = datetime.date(2025, 1, 1)
    q.save()
    reponse = client.post(url_change(q), formulaire(q, reponse=q.reponse + "\n\nUne phrase de plus."))
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    assert question().mis_a_jour_le == timezone.localdate()


def test_mis_a_jour_le_choisi_par_l_editeur_reste(client, editrice):
    q = question()
    client.post(
        url_change(q), formulaire(q, reponse=q.reponse + "\n\nUne phrase.", mis_a_jour_le="15/03/2026")
    )
    assert question().mis_a_jour_le == datetime.date(2026, 3, 15)


def test_supprimer_puis_retablir_une_question(client, editrice):
    q = question()
    pk = q.pk
    client.post(reverse("admin:secteurs_question_delete", args=[pk]), {"post": "yes"})
    assert not Question.objects.filter(pk=pk).exists()
    liste = client.get(reverse("admin:secteurs_question_supprimees")).content.decode()
    lien = re.search(r'<a href="([^"]+)">Rétablir', liste).group(1)
    reponse = client.post(lien, formulaire(q))
    assert reponse.status_code == 302
    assert Question.objects.get(pk=pk).history.first().history_change_reason.startswith("rétabli")
    client.logout()
    assert client.get(q.get_absolute_url()).status_code == 200


# --- Finding ------------------------------------------------------------------------------------


def test_recherche_sans_accents(client, editrice):
    url = reverse("admin:secteurs_question_changelist")
    sans = client.get(url, {"q": "securite"}).context["cl"].result_count
    avec = client.get(url, {"q": "Sécurité"}).context["cl"].result_count
    assert sans == avec > 10


def test_voir_sur_le_site_dans_les_listes(client, editrice):
    for modele in ("question", "page", "terme", "theme"):
        html = client.get(reverse(f"admin:secteurs_{modele}_changelist")).content.decode()
        assert "Voir sur le site" in html, modele


def test_script_et_feuille_de_style_de_l_admin(client, editrice):
    html = client.get(url_change(question())).content.decode()
    assert "admin_outils/avant_de_partir.js" in html and "admin_outils/admin.css" in html
    assert "<script>" not in html.replace('<script src="', "")


def test_session_d_une_seance_de_redaction():
    assert settings.SESSION_COOKIE_AGE >= 8 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST


def test_les_pages_publiques_ne_posent_toujours_aucun_cookie(client):
    assert not client.get("/").cookies and not client.get(question().get_absolute_url()).cookies


@pytest.mark.parametrize(
    "texte", ["Combien coûte {{ pf }} ?", "Le tarif {{ tarif medecin=generaliste }", "Prix }}"]
)
def test_un_marqueur_dans_un_champ_sans_marqueurs_est_refuse(client, editrice, texte):
    """Titles, summaries, questions and terms are shown as typed: a marker there would reach
    readers raw, so anything that looks like one is refused, with a French message."""
    q = question()
    reponse = client.post(url_change(q), formulaire(q, question=texte))
    assert reponse.status_code == 200
    [message] = reponse.context["adminform"].form.errors["question"]
    assert "ne sont calculés que dans le texte en Markdown" in message
    assert question().question == q.question
    for modele, champ in ((Page, "titre"), (Page, "resume"), (Terme, "terme")):
        objet = modele.objects.first()
        setattr(objet, champ, texte)
        with pytest.raises(ValidationError) as refus:
            objet.full_clean()
        assert champ in refus.value.message_dict
