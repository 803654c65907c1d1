"""Simulates one consultation in the terminal, as the site would: for editors checking a new row.

python manage.py simuler --date 2026-01-15 --medecin psychiatre --secteur 2 --honoraires 80 --age 30

The options are the simulator's contract (DESIGN §3), read by `simulateur.contrat` like the form.
"""

from django.core.management.base import BaseCommand, CommandError

from simulateur import affichage, contrat


class Command(BaseCommand):
    help = "Calcule le remboursement d'une consultation et affiche chaque étape."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="AAAA-MM-JJ ou JJ/MM/AAAA (défaut : aujourd'hui)")
        parser.add_argument("--medecin", help="type de médecin (défaut : generaliste)")
        parser.add_argument("--secteur", help=", ".join(s.valeur for s in contrat.SECTEURS) + " (défaut : 1)")
        parser.add_argument("--honoraires", help="montant payé (défaut : le tarif conventionnel)")
        parser.add_argument("--age", required=True)
        parser.add_argument("--regime", help="general ou alsace-moselle")
        parser.add_argument("--mutuelle", help="garantie en % de la base, Sécurité sociale incluse")
        parser.add_argument("--mutuelle-non-optam", help="ligne « hors OPTAM » du contrat")
        parser.add_argument("--acte", help="consultation (défaut), consultation-longue, avis-ponctuel…")
        parser.add_argument("--lieu", help="cabinet (défaut), teleconsultation ou domicile")
        parser.add_argument("--horaire", help="jour (défaut), soir, nuit ou dimanche")
        parser.add_argument(
            "--participations-annee", help="participations forfaitaires déjà payées cette année"
        )
        parser.add_argument("--visite-justifiee", action="store_true")
        parser.add_argument("--regulee", action="store_true")
        parser.add_argument("--hors-parcours", action="store_true")
        parser.add_argument("--ald", action="store_true")
        parser.add_argument("--maternite", action="store_true")
        parser.add_argument("--css", action="store_true")
        parser.add_argument("--alsace-moselle", action="store_true")
        parser.add_argument("--non-responsable", action="store_true")

    def handle(self, *args, **o):
        donnees = {nom: o[nom] for nom in contrat.NOMS if isinstance(o.get(nom), str)}
        if o["hors_parcours"]:
            donnees["parcours"] = "non"
        if o["alsace_moselle"]:
            donnees["regime"] = "alsace-moselle"
        if o["non_responsable"]:
            donnees["responsable"] = "non"
        for case in ("ald", "maternite", "css", "visite_justifiee", "regulee"):
            if o[case]:
                donnees[case] = "oui"
        lecture, r = contrat.calculer(donnees)
        if r is None:
            raise CommandError(
                "\n".join(
                    f"{nom} : {message}" if nom != "__all__" else message
                    for nom, messages in lecture.erreurs.items()
                    for message in messages
                )
            )
        ecrire = self.stdout.write
        tarif = f"{r.tarif.code}, {affichage.euros(r.tarif.montant)}"
        ecrire(f"Consultation du {lecture.bareme.date:%d/%m/%Y} — {tarif}")
        for etape in r.etapes:
            montant = "" if etape.montant is None else affichage.euros(etape.montant)
            ecrire(f"  {etape.libelle:<58} {montant:>12}")
            if etape.explication:
                ecrire(f"      {affichage.texte(etape)}")
        ecrire(f"  Taux appliqué : {affichage.pourcent(r.taux)}")
        for avertissement in r.avertissements:
            ecrire(f"  ! {affichage.texte(avertissement)}")
