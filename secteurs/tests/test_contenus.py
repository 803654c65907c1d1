import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from secteurs import marqueurs
from secteurs.models import Page, Question, Terme, Theme
from simulateur import baremes
from simulateur.models import Tarif

pytestmark = pytest.mark.django_db

# The 20 questions of the reference (shared/reference/questions-patients.md), in its order.
QUESTIONS_DE_LA_REFERENCE = [
    "pourquoi-19-euros-rembourses",
    "savoir-secteur-de-mon-medecin",
    "difference-secteurs",
    "optam-mieux-rembourse",
    "specialiste-secteur-2-non-optam-remboursement",
    "mutuelle-200-pour-cent",
    "mutuelle-depassement-non-optam",
    "hors-parcours-de-soins",
    "specialistes-acces-direct",
    "medecin-traitant-absent-vacances-urgence",
    "participation-forfaitaire-montant-plafond",
    "doublement-participation-franchises",
    "ald-tout-rembourse",
    "grossesse-prise-en-charge",
    "css-depassement",
    "alsace-moselle",
    "remboursement-teleconsultation",
    "majoration-soir-dimanche-visite",
    "medecin-non-conventionne-quelques-centimes",
    "affichage-tarifs-devis-depassement-abusif",
]


def texte(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    return reponse.content.decode()


def test_les_20_questions_de_la_reference_sont_dans_la_faq(client):
    faq = texte(client, reverse("secteurs:faq"))
    for slug in QUESTIONS_DE_LA_REFERENCE:
        question = Question.objects.publies().get(slug=slug)
        assert f'href="{question.get_absolute_url()}"' in faq
        assert "<data" not in texte(client, question.get_absolute_url())  # content page, not a simulation


def liens_questions(html):
    return set(re.findall(r'href="(/questions-frequentes/[a-z0-9-]+/)"', html))


def test_filtre_de_la_faq_sans_javascript(client):
    toutes = liens_questions(texte(client, reverse("secteurs:faq")))
    html = texte(client, reverse("secteurs:faq") + "?q=OPTAM")
    assert "<html" in html
    filtrees = liens_questions(html)
    assert reverse("secteurs:question", args=["optam-mieux-rembourse"]) in filtrees
    assert 0 < len(filtrees) < len(toutes) == Question.objects.publies().count()


def test_filtre_de_la_faq_ignore_accents_et_majuscules(client):
    html = texte(client, reverse("secteurs:faq") + "?q=ENCEINTE+totalite")
    assert reverse("secteurs:question", args=["grossesse-prise-en-charge"]) in html


def test_filtre_de_la_faq_sans_resultat(client):
    html = texte(client, reverse("secteurs:faq") + "?q=xylophone")
    assert "0 questions pour" in html and "voyez toutes les questions" in html


def test_filtre_de_la_faq_en_htmx_renvoie_le_bloc_de_la_page(client):
    url = reverse("secteurs:faq") + "?q=mutuelle"
    page = texte(client, url)
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    debut = page.index('<div id="resultats" aria-live="polite">') + len(
        '<div id="resultats" aria-live="polite">'
    )
    assert fragment.strip() in page[debut:]
    assert fragment.count("<li>") >= 2


def test_restauration_d_historique_de_la_faq_apres_un_fragment(client):
    url = reverse("secteurs:faq") + "?q=mutuelle"
    assert "<html" not in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    restauration = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restauration.content.decode()


def nouveau_tarif_du_generaliste(montant):
    ancienne = Tarif.objects.get(
        medecin__slug="generaliste", acte="consultation", categorie="opposable", age_min=6, fin__isnull=True
    )
    jour = baremes.aujourdhui()
    ancienne.fin = jour - datetime.timedelta(days=1)
    ancienne.save()
    ancienne.pk = None
    ancienne.montant, ancienne.debut, ancienne.fin = Decimal(montant), jour, None
    ancienne.save()


def test_les_montants_des_pages_viennent_du_bareme(client):
    urls = [
        "/",
        reverse("secteurs:secteur", args=["secteur-1"]),
        reverse("simulateur:tarifs"),
        reverse("secteurs:question", args=["pourquoi-19-euros-rembourses"]),
    ]
    for url in urls:
        assert "30,00\u00a0€" in texte(client, url), url
    nouveau_tarif_du_generaliste("31.00")
    for url in urls:
        html = texte(client, url)
        assert "31,00\u00a0€" in html, url
    # 70 % of 31 € minus the 2 € participation.
    assert "19,70\u00a0€" in texte(
        client, reverse("secteurs:question", args=["pourquoi-19-euros-rembourses"])
    )


def pages_publiques():
    urls = ["/", "/secteurs/", "/questions-frequentes/", "/tarifs-en-vigueur/", "/glossaire/"]
    urls += [p.get_absolute_url() for p in Page.objects.publies().exclude(slug="secteurs")]
    urls += [q.get_absolute_url() for q in Question.objects.publies()]
    return urls


def test_aucun_texte_ne_donne_un_ancien_chiffre_comme_actuel():
    """Current figures are computed (markers). A figure typed by hand, such as the 26,50 € GP
    consultation or the 1 € participation, may only be history: on a line that dates it."""
    ancien = re.compile(r"26,50\s?€|\b1\s?€|\b1,00\s?€")
    for modele, champs in (
        (Page, ("corps", "resume")),
        (Question, ("reponse", "question")),
        (Terme, ("definition",)),
    ):
        for objet in modele.objects.all():
            for champ in champs:
                for ligne in getattr(objet, champ).splitlines():
                    if ancien.search(ligne):
                        assert re.search(r"20(23|24)|jusqu|avant", ligne), f"{objet.slug} : « {ligne} »"


def test_le_tarif_du_generaliste_affiche_est_celui_du_jour(client):
    html = texte(client, reverse("secteurs:question", args=["prix-consultation-generaliste"]))
    assert "30,00\u00a0€" in html


def test_les_marqueurs_du_contenu_initial_sont_tous_valides():
    bareme = baremes.bareme_du(baremes.aujourdhui())
    for modele, champs in (
        (Page, ("corps", "sources")),
        (Question, ("reponse", "sources")),
        (Terme, ("definition", "sources")),
    ):
        for objet in modele.objects.all():
            for champ in champs:
                assert marqueurs.erreurs(getattr(objet, f"{champ}_html"), bareme) == [], (objet.slug, champ)


def test_les_pages_de_secteur_renvoient_au_glossaire_et_au_simulateur(client):
    for page in Page.objects.filter(rubrique=Page.Rubrique.SECTEUR):
        html = texte(client, page.get_absolute_url())
        assert 'href="/glossaire/#' in html, page.slug
        assert 'href="/simulateur/"' in html, page.slug
        assert 'class="exemple"' in html, page.slug


def test_comparaison_des_secteurs_calculee(client):
    html = texte(client, reverse("secteurs:liste"))
    tableau = html[html.index('<table class="comparaison">') : html.index("</table>")]
    assert tableau.count("<tr>") == 5
    assert "1,22\u00a0€" in tableau and "23,00\u00a0€" in tableau and "60,00\u00a0€" in tableau


def test_markdown_nettoye(client):
    page = Page.objects.get(slug="mentions-legales")
    page.corps = (
        "Texte <script>alert(1)</script> <img src=x onerror=alert(2)> [lien](javascript:alert(3)) "
        '<a href="https://example.org" onclick="alert(4)">a</a> <iframe src="https://example.org"></iframe>'
    )
    page.save()
    html = texte(client, page.get_absolute_url())
    article = html[html.index('<div class="texte">') : html.index("</article>")]
    for interdit in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<img"):
        assert interdit not in article


def test_marqueur_invalide_refuse_a_l_enregistrement():
    page = Page.objects.get(slug="secteur-1")
    page.corps += "\n\n{{ tarif medecin=sorcier }} et {{ montant quoi=tout }} et {{ inconnu }}"
    with pytest.raises(ValidationError) as erreur:
        page.full_clean()
    messages = erreur.value.message_dict["corps"]
    assert len(messages) == 3
    assert "medecin=sorcier : Choisissez un type de médecin de la liste." in messages[0]
    assert "quoi=tout : valeur inconnue" in messages[1]
    assert "marqueur inconnu « inconnu »" in messages[2]


def test_un_marqueur_invalide_deja_en_base_ne_casse_pas_la_page(client):
    question = Question.objects.get(slug="difference-secteurs")
    question.reponse = "Le tarif est {{ tarif medecin=sorcier }}."
    question.save()
    assert "(valeur indisponible)" in texte(client, question.get_absolute_url())


def test_brouillon_invisible_du_public_visible_du_personnel_en_apercu(client, admin_client):
    question = Question.objects.get(slug="difference-secteurs")
    question.publie = False
    question.save()
    assert client.get(question.get_absolute_url()).status_code == 404
    assert question.get_absolute_url() not in texte(client, reverse("secteurs:faq"))
    apercu = admin_client.get(question.get_absolute_url())
    assert apercu.status_code == 200
    assert "Aperçu" in apercu.content.decode()


def formulaire_question(question, **modifications):
    donnees = {
        "question": question.question,
        "slug": question.slug,
        "theme": question.theme_id,
        "reponse": question.reponse,
        "publie": "on" if question.publie else "",
        "ordre": question.ordre,
        "mis_a_jour_le": question.mis_a_jour_le.isoformat(),
        "sources": question.sources,
    }
    donnees.update(modifications)
    return {k: v for k, v in donnees.items() if v != ""}


# django-simple-history's restore template reads a variable it does not always define.
@pytest.mark.ignore_template_errors
def test_un_editeur_modifie_depublie_puis_restaure_une_reponse(client, admin_client):
    question = Question.objects.get(slug="css-depassement")
    url_admin = reverse("admin:secteurs_question_change", args=[question.pk])
    ancienne_reponse = question.reponse

    reponse = admin_client.post(
        url_admin, formulaire_question(question, reponse="Réponse revue par l'équipe.")
    )
    assert reponse.status_code == 302
    assert "Réponse revue par l'équipe." in texte(client, question.get_absolute_url())

    reponse = admin_client.post(url_admin, formulaire_question(question, reponse="Réponse revue.", publie=""))
    assert reponse.status_code == 302
    assert client.get(question.get_absolute_url()).status_code == 404
    assert admin_client.get(question.get_absolute_url()).status_code == 200

    initiale = question.history.earliest("history_date")
    url_restauration = reverse(
        "admin:secteurs_question_simple_history", args=[question.pk, initiale.history_id]
    )
    assert admin_client.get(url_restauration).status_code == 200
    reponse = admin_client.post(url_restauration, formulaire_question(initiale.instance))
    assert reponse.status_code == 302
    question.refresh_from_db()
    assert (question.reponse, question.publie) == (ancienne_reponse.strip(), True)
    assert question.history.count() == 4


def test_l_admin_refuse_un_marqueur_invalide(admin_client):
    question = Question.objects.get(slug="css-depassement")
    url_admin = reverse("admin:secteurs_question_change", args=[question.pk])
    reponse = admin_client.post(
        url_admin, formulaire_question(question, reponse="Tarif : {{ tarif medecin=x }}")
    )
    assert reponse.status_code == 200
    assert "medecin=x : Choisissez un type de médecin de la liste." in reponse.content.decode()


def test_l_admin_refuse_un_chevauchement_de_tarifs(admin_client):
    ligne = Tarif.objects.get(
        medecin__slug="generaliste", acte="consultation", categorie="opposable", age_min=6, fin__isnull=True
    )
    reponse = admin_client.post(
        reverse("admin:simulateur_tarif_add"),
        {
            "medecin": ligne.medecin_id,
            "categorie": "opposable",
            "parcours": "tous",
            "age_min": 6,
            "age_max": "",
            "code": "G",
            "montant": "31",
            # The same start day: not a row taking over from the open-ended one (issue 11), an overlap.
            "debut": ligne.debut.isoformat(),
            "fin": "",
            "source_url": "https://www.ameli.fr/",
            "note": "",
        },
    )
    assert reponse.status_code == 200
    assert "chevauche" in reponse.content.decode()


def test_glossaire_ancres(client):
    html = texte(client, reverse("secteurs:glossaire"))
    for terme in Terme.objects.publies():
        assert f'<dt id="{terme.slug}">' in html


def test_themes_et_questions_ordonnes(client):
    html = texte(client, reverse("secteurs:faq"))
    positions = [html.index(f'id="theme-{t.slug}"') for t in Theme.objects.all() if t.question_set.exists()]
    assert positions == sorted(positions)


def test_tarifs_en_vigueur_avec_valeurs_precedentes(client):
    html = texte(client, reverse("simulateur:tarifs")).replace("\u00a0", " ")
    # G: 30 € since 22 Dec 2024, replacing 26,50 € (1 Nov 2023 - 21 Dec 2024).
    assert "30,00 €</td><td>22 décembre 2024</td><td>26,50 € (jusqu'au 21 décembre 2024)" in html
    # A row that starts on the barème's first day may be older: the page says so.
    assert "1er janvier 2023 ou avant" in html


def test_la_page_des_majorations_decrit_les_consultations_que_le_simulateur_calcule(client):
    """Issue 12: each majoration's amount comes from the barème; the obsolete « patient connu
    depuis 12 mois » condition and « le simulateur calcule la consultation seule » are gone."""
    from simulateur import affichage
    from simulateur.models import Majoration

    texte = client.get("/majorations-et-depassements/").content.decode()
    for code in ("F", "MN", "MM", "MHP", "MD"):
        montant = Majoration.objects.filter(code=code).order_by("-debut").first().montant
        assert affichage.euros(montant) in texte, code
    assert "ancrage territorial" in texte
    assert "12 derniers mois" not in texte
    assert "calcule la consultation seule" not in texte
    assert "indisponible" not in texte


def test_la_page_des_sources_cite_chaque_source_du_bareme(client):
    from simulateur.models import Acte, Majoration, Parametre, Tarif

    texte = client.get("/sources/").content.decode()
    urls = set()
    for modele in (Tarif, Majoration, Parametre, Acte):
        urls |= set(modele.objects.exclude(source_url="").values_list("source_url", flat=True))
    assert urls
    manquantes = [url for url in urls if f'href="{url}"' not in texte.replace("&amp;", "&")]
    assert manquantes == []
