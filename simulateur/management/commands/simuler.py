"""Simulates one consultation in the terminal, as the site would: for editors checking a new row.

python manage.py simuler --date 2026-01-15 --medecin psychiatre --secteur 2 --honoraires 80 --age 30
"""

from html import unescape

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils.html import strip_tags

from simulateur.forms import SimulationForm
from simulateur.templatetags.montants import euros, expliquer, pourcent


class Command(BaseCommand):
    help = "Calcule le remboursement d'une consultation et affiche chaque étape."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="AAAA-MM-JJ ou JJ/MM/AAAA (défaut : aujourd'hui)")
        parser.add_argument("--medecin", default="generaliste")
        parser.add_argument("--secteur", default="1", choices=["1", "2-optam", "2", "3"])
        parser.add_argument("--honoraires", help="montant payé (défaut : le tarif du secteur 1)")
        parser.add_argument("--age", required=True)
        parser.add_argument("--hors-parcours", action="store_true")
        parser.add_argument("--ald", action="store_true")
        parser.add_argument("--maternite", action="store_true")
        parser.add_argument("--css", action="store_true")
        parser.add_argument("--alsace-moselle", action="store_true")
        parser.add_argument("--mutuelle", help="garantie en % de la base, Sécurité sociale incluse")
        parser.add_argument("--mutuelle-non-optam", help="ligne « hors OPTAM » du contrat")
        parser.add_argument("--non-responsable", action="store_true")

    def handle(self, *args, **o):
        donnees = QueryDict(mutable=True)
        for nom in ("date", "medecin", "secteur", "honoraires", "age", "mutuelle", "mutuelle_non_optam"):
            if o.get(nom) is not None:
                donnees[nom] = o[nom]
        donnees["parcours"] = "non" if o["hors_parcours"] else "oui"
        donnees["regime"] = "alsace-moselle" if o["alsace_moselle"] else "general"
        donnees["responsable"] = "non" if o["non_responsable"] else "oui"
        for case in ("ald", "maternite", "css"):
            if o[case]:
                donnees[case] = "oui"
        form = SimulationForm(donnees)
        if not form.is_valid():
            raise CommandError(
                "\n".join(
                    f"{nom} : {message}" for nom, messages in form.errors.items() for message in messages
                )
            )
        r = form.simuler()
        ecrire = self.stdout.write
        ecrire(
            f"Consultation du {form.cleaned_data['date']:%d/%m/%Y} — {r.tarif.code}, {euros(r.tarif.montant)}"
        )
        for etape in r.etapes:
            montant = "" if etape.montant is None else euros(etape.montant)
            ecrire(f"  {etape.libelle:<58} {montant:>12}")
            if etape.explication:
                ecrire(f"      {texte(etape)}")
        ecrire(f"  Taux appliqué : {pourcent(r.taux)}")
        for avertissement in r.avertissements:
            ecrire(f"  ! {texte(avertissement)}")


def texte(element):
    return unescape(strip_tags(expliquer(element)))
