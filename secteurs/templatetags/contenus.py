from django import template

from secteurs import rendu
from simulateur.templatetags.montants import date_fr

register = template.Library()
register.filter("date_fr", date_fr)


@register.simple_tag
def markdown(texte):
    """An editor's Markdown, sanitised, with today's figures in place of its markers."""
    return rendu.rendre(texte)
