from django import template

from annuaire.models import Edition

register = template.Library()


@register.simple_tag
def edition_annuaire():
    """The edition served, or None (the simulator names it when a link from the directory
    pre-filled the sector)."""
    return Edition.objects.active()
