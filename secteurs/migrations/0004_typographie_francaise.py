from django.db import migrations

# Sentences found wrong by the fact-check of issue 16, replaced in databases that hold them word
# for word (an editor's own rewording is left alone; fixtures/ carries the new texts for new
# databases). (model, field, old, new)
CORRECTIONS = [
    ("Page", "corps", "fixé par arrêté et inchangé depuis une vingtaine d'années",
     "fixé par un arrêté du 9 mars 1966 et jamais revalorisé depuis (il a seulement été converti en euros)"),
    ("Question", "reponse", "qui n'a pas bougé depuis une vingtaine d'années",
     "fixé par un arrêté du 9 mars 1966 et jamais revalorisé depuis"),
    ("Terme", "definition", "Fixé par arrêté et inchangé depuis une vingtaine d'années",
     "Fixé par un arrêté du 9 mars 1966 et jamais revalorisé depuis (seulement converti en euros)"),
    ("Question", "reponse", "aucun médecin conventionné ne peut vous facturer de dépassement.\n",
     "aucun médecin conventionné ne peut vous facturer de dépassement, sauf exigence particulière de "
     "votre part (un rendez-vous en dehors de ses horaires sans raison médicale, par exemple).\n"),
    ("Question", "reponse", "même en secteur 2, ne peut vous facturer de dépassement.\n",
     "même en secteur 2, ne peut vous facturer de dépassement, sauf exigence particulière de votre part "
     "(un rendez-vous en dehors de ses horaires sans raison médicale, par exemple).\n"),
    ("Question", "reponse", "ni à partir du 6e mois de grossesse.",
     "ni du 6e mois de grossesse jusqu'à 12 jours après l'accouchement."),
    ("Terme", "definition", "ni à partir du 6e mois de grossesse,",
     "ni du 6e mois de grossesse jusqu'à 12 jours après l'accouchement,"),
    ("Terme", "definition", "et à partir du 6e mois de grossesse,",
     "et du 6e mois de grossesse jusqu'à 12 jours après l'accouchement,"),
    ("Page", "corps", "et les exonérations de participation forfaitaire s'additionnent.",
     "et il suffit d'une seule exonération pour ne pas payer la participation forfaitaire."),
    ("Question", "reponse", "- de 2 à 6 ans : {{ tarif medecin=pediatre age=4 }} ;",
     "- de 2 à 5 ans : {{ tarif medecin=pediatre age=4 }} ;"),
    ("Page", "corps", "Ce site est édité par {{ editeur }}.",
     "Éditeur : {{ editeur }}.\n\nDirecteur ou directrice de la publication : {{ directeur-publication }}."),
    ("Page", "corps", "Le site est hébergé par {{ hebergeur }}.", "Hébergeur : {{ hebergeur }}."),
    ("Page", "corps", "conservé pour une durée limitée par l'exploitant du site ({{ hebergeur }}).",
     "conservé pour une durée limitée par l'éditeur du site ({{ editeur }}) chez son hébergeur ({{ hebergeur }})."),
    ("Page", "corps", "Le site est **partiellement conforme** au RGAA 4.1.",
     "Le site est **non conforme** au RGAA 4.1.2, faute d'audit."),
    ("Page", "resume", "Le site est partiellement conforme au RGAA 4.1 : chaque page est vérifiée "
     "automatiquement, mais aucun audit complet n'a encore été réalisé.",
     "Le site est non conforme au RGAA 4.1.2, faute d'audit : chaque page est pourtant vérifiée "
     "automatiquement, au clavier et sur un écran de 320 pixels."),
    ("Page", "corps",
     "L'**OPTAM-CO** (chirurgie et obstétrique) est la version destinée aux chirurgiens et aux gynécologues-obstétriciens ; elle est désormais ouverte aussi aux anesthésistes, d'où le nom « OPTAM-ACO » que vous croiserez parfois.",
     "L'**OPTAM-ACO** (anesthésie, chirurgie et obstétrique) est la version destinée aux chirurgiens, aux gynécologues-obstétriciens et aux anesthésistes ; elle s'appelait OPTAM-CO avant d'être ouverte aux anesthésistes, et vous croiserez encore parfois cet ancien nom."),
    ("Page", "corps", "s'il est chirurgien, obstétricien ou anesthésiste, l'[OPTAM-CO](/glossaire/#optam-co)",
     "s'il est chirurgien, obstétricien ou anesthésiste, l'[OPTAM-ACO](/glossaire/#optam-co)"),
    ("Question", "reponse", "- revalorisation le 22 décembre 2024 ; la consultation n'a pas changé au 1er janvier 2026.",
     "- 30 € depuis le 22 décembre 2024, inchangé au 1er janvier 2026 : c'est le tarif d'aujourd'hui, "
     "{{ tarif medecin=generaliste }} pour un adulte."),
]
CHAMPS = {
    "Page": (("corps", "sources"), ("titre", "resume")),
    "Question": (("reponse", "sources"), ("question",)),
    "Terme": (("definition", "sources"), ("terme",)),
}


def corriger_et_rendre(apps, schema_editor):
    """Apply the corrections, then render every text again with French typography (narrow
    no-break spaces before « ; : ? ! » and inside « », no-break spaces before « € » and « % »)."""
    import datetime

    from secteurs.rendu import preparer, typographie_texte
    from simulateur import baremes

    aujourdhui = datetime.date(2026, 12, 2)
    for nom, (markdown, textes) in CHAMPS.items():
        for objet in apps.get_model("secteurs", nom).objects.all():
            for modele, champ, ancien, nouveau in CORRECTIONS:
                if modele == nom and ancien in getattr(objet, champ):
                    setattr(objet, champ, getattr(objet, champ).replace(ancien, nouveau))
                    objet.mis_a_jour_le = max(objet.mis_a_jour_le, aujourdhui)
            for champ in markdown:
                setattr(objet, f"{champ}_html", preparer(getattr(objet, champ)))
            for champ in textes:
                setattr(objet, champ, typographie_texte(getattr(objet, champ)))
            objet.save()
    baremes.changer_de_version()


def base_du_cardiologue(apps, schema_editor):
    # The secteur 2 cardiology base was sourced to a broker's home page.
    apps.get_model("simulateur", "Tarif").objects.filter(source_url="https://www.assurland.com/").update(
        source_url="https://www.lesml.org/fr/169-les-articles-du-sml.php?actu=4957-astuces-nomenclature-majoration-de-coordination"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("secteurs", "0003_contenus_rendus_a_l_enregistrement"),
        ("simulateur", "0002_actes_et_majorations"),
    ]

    operations = [
        migrations.RunPython(corriger_et_rendre, migrations.RunPython.noop),
        migrations.RunPython(base_du_cardiologue, migrations.RunPython.noop),
    ]
