from django import template

from secteurs import rendu
from simulateur.affichage import date_fr

register = template.Library()
register.filter("date_fr", date_fr)


@register.simple_tag
def contenu(objet, champ):
    """An editor's text, rendered at save, with today's figures in place of its markers."""
    html = getattr(objet, f"{champ}_html", "") or rendu.preparer(getattr(objet, champ))
    return rendu.resoudre(html, origine=objet.get_absolute_url())
