"""Registers the French formatting of `simulateur.affichage` for templates (nothing else here)."""

from django import template

from simulateur import affichage

register = template.Library()

for _nom in ("euros", "pourcent", "nombre", "valeur_data", "date_fr"):
    register.filter(_nom, getattr(affichage, _nom))

register.simple_tag(affichage.html, name="expliquer")
register.simple_tag(affichage.repartition, name="repartition")
