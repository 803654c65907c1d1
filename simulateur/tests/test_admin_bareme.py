"""The barème in the admin, as a member of the « Éditeur » group uses it (issue 17)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from simulateur import baremes
from simulateur.admin_bareme import lire_valeur
from simulateur.models import VALEUR_MAX, Majoration, Medecin, Parametre, Tarif

pytestmark = pytest.mark.django_db

SOURCE = "https://www.legifrance.gouv.fr/exemple-avenant"


def g_actuel():
    return Tarif.objects.get(
        medecin__slug="generaliste", categorie="opposable", age_min=6, acte="consultation", fin=None
    )


def premier_janvier_prochain():
    return datetime.date(baremes.aujourdhui().year + 1, 1, 1)


def url_nouvelle_valeur(ligne):
    return reverse(f"admin:simulateur_{ligne._meta.model_name}_nouvelle_valeur", args=[ligne.pk])


@pytest.mark.parametrize(
    "saisie, attendu",
    [("31,50", "31.50"), ("31.50", "31.50"), ("31,5", "31.50"), ("31", "31.00"), (" 1 031,50 € ", "1031.50")],
)
def test_montants_lus_a_la_francaise(saisie, attendu):
    assert lire_valeur(saisie) == Decimal(attendu)


@pytest.mark.parametrize("saisie", ["31,505", "trente", "3,1,5", "-2", "10000", "31,50,"])
def test_montants_illisibles_ou_hors_bornes_refuses(saisie):
    with pytest.raises(ValidationError):
        lire_valeur(saisie)


def test_borne_haute_identique_a_celle_du_simulateur():
    from simulateur import contrat

    assert VALEUR_MAX == contrat.HONORAIRES_MAX
    ligne = g_actuel()
    ligne.montant = Decimal("10000")
    with pytest.raises(ValidationError):
        ligne.full_clean()


def test_champs_montant_en_texte_decimal_jamais_type_number(client, editrice):
    for url in (
        reverse("admin:simulateur_tarif_add"),
        reverse("admin:simulateur_parametre_add"),
        reverse("admin:simulateur_majoration_add"),
        url_nouvelle_valeur(g_actuel()),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r'type="number" name="(montant|valeur)"', html), url
        assert re.search(r'<input type="text" name="(montant|valeur)"[^>]*inputmode="decimal"', html), url


def test_nouvelle_valeur_termine_la_ligne_et_copie_le_reste(client, editrice):
    ancienne = g_actuel()
    debut = premier_janvier_prochain()
    reponse = client.post(
        url_nouvelle_valeur(ancienne), {"debut": debut.isoformat(), "valeur": "31,50", "source_url": SOURCE}
    )
    assert reponse.status_code == 302
    ancienne.refresh_from_db()
    assert ancienne.fin == debut - datetime.timedelta(days=1)
    nouvelle = Tarif.objects.get(medecin=ancienne.medecin, categorie="opposable", age_min=6, debut=debut)
    assert nouvelle.montant == Decimal("31.50") and nouvelle.fin is None and nouvelle.source_url == SOURCE
    for champ in ("medecin_id", "acte", "categorie", "parcours", "age_min", "age_max", "code"):
        assert getattr(nouvelle, champ) == getattr(ancienne, champ), champ
    assert nouvelle.history.first().history_user == editrice
    assert "nouvelle valeur à partir du 1er janvier" in nouvelle.history.first().history_change_reason


def test_nouvelle_valeur_depuis_l_action_de_la_liste(client, editrice):
    ancienne = g_actuel()
    reponse = client.post(
        reverse("admin:simulateur_tarif_changelist"),
        {"action": "nouvelle_valeur", "_selected_action": [ancienne.pk]},
    )
    assert reponse.status_code == 302 and reponse["Location"] == url_nouvelle_valeur(ancienne)
    page = client.get(reponse["Location"]).content.decode()
    assert "30,00" in page and "Nouvelle valeur" in page


def test_nouvelle_valeur_un_ecart_de_plus_de_50_pourcent_se_confirme(client, editrice):
    ancienne = g_actuel()
    donnees = {"debut": premier_janvier_prochain().isoformat(), "valeur": "3150", "source_url": SOURCE}
    reponse = client.post(url_nouvelle_valeur(ancienne), donnees)
    assert reponse.status_code == 200
    assert "écart de plus de 50" in reponse.content.decode()
    assert not Tarif.objects.filter(debut=premier_janvier_prochain()).exists()
    ancienne.refresh_from_db()
    assert ancienne.fin is None
    reponse = client.post(url_nouvelle_valeur(ancienne), {**donnees, "confirmer_ecart": "on"})
    assert reponse.status_code == 302
    assert (
        Tarif.objects.get(debut=premier_janvier_prochain(), age_min=6, medecin=ancienne.medecin).montant
        == 3150
    )


def test_nouvelle_valeur_en_une_transaction(client, editrice):
    ancienne = g_actuel()
    debut = premier_janvier_prochain()
    # A row already starts that day with another age band that overlaps: the new row is refused,
    # and the old one keeps its open end.
    Tarif.objects.create(
        medecin=ancienne.medecin,
        categorie="opposable",
        parcours="tous",
        age_min=20,
        montant=Decimal("40"),
        code="G",
        debut=debut + datetime.timedelta(days=10),
        source_url=SOURCE,
    )
    reponse = client.post(
        url_nouvelle_valeur(ancienne), {"debut": debut.isoformat(), "valeur": "31,50", "source_url": SOURCE}
    )
    assert reponse.status_code == 200
    assert "chevauche" in reponse.content.decode()
    ancienne.refresh_from_db()
    assert ancienne.fin is None
    assert not Tarif.objects.filter(debut=debut).exists()


def test_nouvelle_valeur_d_un_parametre(client, editrice):
    pf = Parametre.objects.get(code="participation-forfaitaire", fin=None)
    debut = premier_janvier_prochain()
    reponse = client.post(
        url_nouvelle_valeur(pf), {"debut": debut.isoformat(), "valeur": "2.5", "source_url": SOURCE}
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    assert Parametre.objects.get(code="participation-forfaitaire", debut=debut).valeur == Decimal("2.50")


def formulaire_tarif(ligne, **modifs):
    donnees = {
        "medecin": ligne.medecin_id,
        "categorie": ligne.categorie,
        "parcours": ligne.parcours,
        "age_min": ligne.age_min,
        "age_max": ligne.age_max or "",
        "code": ligne.code,
        "montant": str(ligne.montant).replace(".", ","),
        "debut": ligne.debut.strftime("%d/%m/%Y"),
        "fin": ligne.fin.strftime("%d/%m/%Y") if ligne.fin else "",
        "source_url": ligne.source_url,
        "note": ligne.note,
    }
    return {**donnees, **modifs}


def test_chevauchement_en_francais_avec_un_lien_vers_la_ligne(client, editrice):
    # A row that starts the same day as the current one overlaps it (one that starts later takes
    # over from it, issue 11).
    actuelle = g_actuel()
    debut = actuelle.debut
    reponse = client.post(
        reverse("admin:simulateur_tarif_add"),
        formulaire_tarif(actuelle, debut=debut.strftime("%d/%m/%Y"), montant="31,50"),
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "chevauche" in html
    assert "30,00\u00a0€" in html and "30.00 €" not in html
    assert f'href="{reverse("admin:simulateur_tarif_change", args=[actuelle.pk])}"' in html


def test_ajout_avec_un_ecart_de_plus_de_50_pourcent_se_confirme(client, editrice):
    actuelle = g_actuel()
    actuelle.fin = datetime.date(baremes.aujourdhui().year, 12, 31)
    actuelle.save()
    donnees = formulaire_tarif(
        actuelle, debut=premier_janvier_prochain().strftime("%d/%m/%Y"), fin="", montant="3150"
    )
    reponse = client.post(reverse("admin:simulateur_tarif_add"), donnees)
    assert reponse.status_code == 200 and "écart de plus de 50" in reponse.content.decode()
    reponse = client.post(reverse("admin:simulateur_tarif_add"), {**donnees, "confirmer_ecart": "on"})
    assert reponse.status_code == 302


def test_valeurs_annoncees_sur_la_page_des_tarifs_et_dans_le_calcul(client, editrice):
    debut = premier_janvier_prochain()
    client.post(
        url_nouvelle_valeur(g_actuel()), {"debut": debut.isoformat(), "valeur": "31,50", "source_url": SOURCE}
    )
    client.logout()
    annonce = f"31,50\u00a0€ à partir du 1er janvier {debut.year}"
    assert annonce in client.get(reverse("simulateur:tarifs")).content.decode()
    calcul = {"medecin": "generaliste", "secteur": "1", "age": "40", "calculer": "1"}
    aujourdhui = client.post(
        reverse("simulateur:simulateur"), {**calcul, "date": baremes.aujourdhui().isoformat()}
    )
    # (Spaces: whatever no-break space the site's typography puts before « : » or « € ».)
    texte = re.sub(r"&nbsp;|&#8239;|\u00a0|\u202f", " ", aujourdhui.content.decode())
    assert "Nouveau tarif annoncé : " + annonce.replace("\u00a0", " ") in texte
    plus_tard = client.post(
        reverse("simulateur:simulateur"),
        {**calcul, "date": (debut + datetime.timedelta(days=14)).isoformat()},
    )
    assert '<data id="base-remboursement" value="31.50"' in plus_tard.content.decode()


def test_filtre_en_vigueur_le(client, editrice):
    psychiatre = Medecin.objects.get(slug="psychiatre")
    url = reverse("admin:simulateur_tarif_changelist")
    tous = client.get(url, {"medecin__id__exact": psychiatre.pk}).context["cl"].result_count
    filtre = client.get(url, {"medecin__id__exact": psychiatre.pk, "en_vigueur_le": "2025-06-01"})
    attendus = Tarif.objects.filter(medecin=psychiatre).en_vigueur(datetime.date(2025, 6, 1)).count()
    assert 0 < filtre.context["cl"].result_count == attendus < tous
    html = filtre.content.decode()
    assert 'type="date"' in html and 'value="2025-06-01"' in html
    # Also read the French way.
    assert client.get(url, {"en_vigueur_le": "01/06/2025"}).context["cl"].result_count == (
        Tarif.objects.en_vigueur(datetime.date(2025, 6, 1)).count()
    )


def test_recherche_sans_accents_dans_le_bareme(client, editrice):
    url = reverse("admin:simulateur_tarif_changelist")
    avec = client.get(url, {"q": "Médecin généraliste"}).context["cl"].result_count
    sans = client.get(url, {"q": "medecin GENERALISTE"}).context["cl"].result_count
    assert avec == sans > 0


def test_voir_sur_le_site_pour_chaque_ligne(client, editrice):
    html = client.get(reverse("admin:simulateur_tarif_changelist")).content.decode()
    assert html.count('href="/tarifs-en-vigueur/#medecin-') >= 10
    assert (
        "/tarifs-en-vigueur/#medecin-generaliste"
        in client.get(reverse("admin:simulateur_tarif_change", args=[g_actuel().pk])).content.decode()
    )
    majoration = Majoration.objects.order_by("pk").first()
    page = client.get(reverse("admin:simulateur_majoration_change", args=[majoration.pk])).content.decode()
    assert "/tarifs-en-vigueur/#majorations-titre" in page


def test_supprimer_puis_retablir_une_ligne(client, editrice):
    # An announced row can be deleted (the current one then runs on, no day is left uncovered).
    debut = premier_janvier_prochain()
    client.post(
        url_nouvelle_valeur(g_actuel()), {"debut": debut.isoformat(), "valeur": "31,50", "source_url": SOURCE}
    )
    ligne = Tarif.objects.get(medecin__slug="generaliste", categorie="opposable", age_min=6, debut=debut)
    pk = ligne.pk
    veille = Tarif.objects.get(
        medecin__slug="generaliste", categorie="opposable", age_min=6, fin=debut - datetime.timedelta(days=1)
    )
    Tarif.objects.filter(pk=veille.pk).update(fin=None)  # as if the announcement were withdrawn
    reponse = client.post(reverse("admin:simulateur_tarif_delete", args=[pk]), {"post": "yes"})
    assert reponse.status_code == 302 and not Tarif.objects.filter(pk=pk).exists()
    liste = client.get(reverse("admin:simulateur_tarif_supprimees")).content.decode()
    lien = re.search(r'<a href="([^"]+)">Rétablir', liste).group(1)
    assert client.get(lien).status_code == 200
    reponse = client.post(lien, formulaire_tarif(ligne))
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    retablie = Tarif.objects.get(pk=pk)
    assert retablie.montant == ligne.montant
    assert retablie.history.first().history_change_reason.startswith("rétabli")
    assert (
        "Aucune ligne supprimée" in client.get(reverse("admin:simulateur_tarif_supprimees")).content.decode()
    )


def test_marqueur_a_venir_annonce_la_nouvelle_valeur(client, editrice):
    from secteurs import marqueurs, rendu

    texte = rendu.preparer("Prochain tarif : {{ a-venir medecin=generaliste }}.")
    assert marqueurs.erreurs(texte, baremes.bareme_du(baremes.aujourdhui())) == []
    assert "aucun changement annoncé" in rendu.resoudre(texte)
    debut = premier_janvier_prochain()
    client.post(
        url_nouvelle_valeur(g_actuel()), {"debut": debut.isoformat(), "valeur": "31,50", "source_url": SOURCE}
    )
    baremes.vider_cache()
    assert f"31,50\u00a0€ à partir du 1er janvier {debut.year}" in rendu.resoudre(texte)
