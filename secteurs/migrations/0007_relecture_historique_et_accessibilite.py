"""Texts corrected after the second re-read (issues 16 and 17), in databases that hold them word
for word; an editor's own rewording is left alone, and fixtures/ carries the new texts for new
databases.

- « Combien coûte une consultation chez le généraliste ? » listed the tariff's history by hand,
  ending on « 30 € … c'est le tarif d'aujourd'hui »: the next announced value would have made it
  wrong. The list now comes from the barème (`{{ historique }}`).
- The guide to majorations said nothing of the visite longue (VL), which the simulator cannot
  price.
- Two answers typed the téléconsultation tariff and the majorations by hand, or not at all: the
  barème's figures now (`{{ tarif }}`, `{{ majoration }}`).
- The privacy page said nothing of the doctor directory's searches.
- The accessibility statement opened on the editor's name in lower case, and one of its sources
  said the same thing twice.
"""

import datetime

from django.db import migrations

CORRECTIONS = [
    (
        "Question",
        "reponse",
        "- 25 € jusqu'au 31 octobre 2023 ;\n"
        "- 26,50 € du 1er novembre 2023 au 21 décembre 2024 ;\n"
        "- 30 € depuis le 22 décembre 2024, inchangé au 1er janvier 2026 : c'est le tarif d'aujourd'hui, "
        "{{ tarif medecin=generaliste }} pour un adulte.",
        "Pour un adulte, chez un généraliste de secteur 1 :\n\n{{ historique medecin=generaliste }}",
    ),
    ("Page", "corps", "{{ editeur }} s'engage à rendre", "L'éditeur du site, {{ editeur }}, s'engage à rendre"),
    (
        "Page",
        "sources",
        "[Défenseur des droits : saisir le Défenseur des droits]",
        "[Défenseur des droits : formulaire de réclamation en ligne]",
    ),
]
CORRECTIONS.append(
    (
        "Page",
        "corps",
        'Une visite que rien ne justifie médicalement peut donner lieu à un dépassement exceptionnel, non remboursé.',
        "Une visite que rien ne justifie médicalement peut donner lieu à un dépassement exceptionnel, non remboursé.\n\nChez certains patients âgés ou atteints d'une maladie neurodégénérative, le médecin traitant peut facturer une **visite longue** (VL), plus chère et limitée à quelques visites par an : notre simulateur ne la calcule pas, faute d'un texte officiel que nous ayons pu lire pour son montant et ses conditions actuels.",
    )
)
CORRECTIONS += [
    ("Question", "reponse", "Le tarif conventionnel de la téléconsultation d'un généraliste n'a pas suivi la hausse de la consultation au cabinet de décembre 2024 : il était de 25 € en novembre 2026 d'après les sources que nous avons pu consulter, sans confirmation par les tableaux de l'Assurance Maladie.", "Le tarif conventionnel de la téléconsultation d'un généraliste est de {{ tarif medecin=generaliste lieu=teleconsultation }} dans notre barème, contre {{ tarif medecin=generaliste }} au cabinet : d'après les sources que nous avons pu consulter, il n'a pas suivi la hausse de la consultation au cabinet de décembre 2024, sans confirmation par les tableaux de l'Assurance Maladie."),
    ("Question", "reponse", "Pour une estimation chez un généraliste de secteur 1, indiquez le prix payé dans le [simulateur](/simulateur/) : la base de remboursement n'y dépasse jamais ce prix.", "Pour votre cas, choisissez « Téléconsultation » dans le [simulateur](/simulateur/) : hors du parcours de soins, il vous dit pourquoi rien n'est remboursé."),
    ("Question", "reponse", "- **Nuit, dimanche et jours fériés** : depuis le 22 décembre 2024, ces majorations sont réservées aux patients orientés par la régulation (SAMU-Centre 15, service d'accès aux soins, permanence des soins) ou aux véritables urgences. Sinon, une consultation en soirée ne donne droit, d'après la presse spécialisée, qu'à un supplément plus modeste.", "- **Nuit, dimanche et jours fériés** : {{ majoration code=F }} le dimanche ou un jour férié, {{ majoration code=MN }} de 20 heures à minuit et de 6 heures à 8 heures, {{ majoration code=MM }} de minuit à 6 heures. Depuis le 22 décembre 2024, ces majorations sont réservées aux patients orientés par la régulation (SAMU-Centre 15, service d'accès aux soins, permanence des soins) ou aux véritables urgences. Sinon, une consultation à ces horaires ne donne droit qu'à un supplément plus modeste, {{ majoration code=MHP }}."),
    ("Question", "reponse", 'avec une majoration de déplacement quand elle est médicalement justifiée', 'avec une majoration de déplacement de {{ majoration code=MD }} quand elle est médicalement justifiée'),
]
CORRECTIONS.append(("Page", "corps", '## Les journaux du serveur\n', "## La recherche d'un médecin\n\nLa page [Trouver un médecin](/trouver-un-medecin/) cherche dans l'annuaire public de l'Assurance Maladie. Les mots que vous tapez (nom, ville) figurent dans l'adresse de la page de résultats, comme sur tout moteur de recherche, mais notre journal technique n'en garde pas trace : il note l'adresse de la page sans ses paramètres. Ni vos recherches ni leurs résultats ne sont enregistrés. Les médecins de l'annuaire, eux, sont des données publiques que nous réutilisons : la source, les droits des médecins et la façon de demander à ne plus figurer sur le site sont expliqués sur la page [Annuaire des médecins : source et vie privée](/annuaire-des-medecins/).\n\n## Les journaux du serveur\n"))
CHAMPS_MARKDOWN = {"Page": ("corps", "sources"), "Question": ("reponse", "sources")}


def corriger(apps, schema_editor):
    from secteurs.rendu import preparer
    from simulateur import baremes

    for nom, champs in CHAMPS_MARKDOWN.items():
        for objet in apps.get_model("secteurs", nom).objects.all():
            corrige = False
            for modele, champ, ancien, nouveau in CORRECTIONS:
                if modele == nom and ancien in getattr(objet, champ):
                    setattr(objet, champ, getattr(objet, champ).replace(ancien, nouveau))
                    corrige = True
            if corrige:
                for champ in champs:
                    setattr(objet, f"{champ}_html", preparer(getattr(objet, champ)))
                objet.mis_a_jour_le = max(objet.mis_a_jour_le, datetime.date(2026, 12, 3))
                objet.save()
    baremes.changer_de_version()


class Migration(migrations.Migration):
    dependencies = [("secteurs", "0006_editeur_actes_et_majorations")]

    operations = [migrations.RunPython(corriger, migrations.RunPython.noop)]
