"""`{% url %}` in the Django templates, each address reversed once per process.

Registered as a template builtin (settings.TEMPLATES), after Django's own: the tag keeps Django's
syntax and behaviour and only remembers what `reverse()` answered for the same name, arguments,
script prefix, URLconf and application namespace (the URLconf never changes while a process
runs). A page that is not served from the page cache — the simulator's answer without
JavaScript, a search in the directory — reversed 14 to 23 addresses on every request.
"""

import functools

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_de_django
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

SIMPLES = (str, int)


@functools.lru_cache(maxsize=1024)
def _adresse(prefixe, urlconf, nom, args, kwargs, application):
    return reverse(nom, args=args, kwargs=dict(kwargs), current_app=application)


def adresse(nom, args=(), kwargs=None, application=None):
    valeurs = [*args, *(kwargs or {}).values()]
    if not all(isinstance(valeur, SIMPLES) for valeur in valeurs):  # objects: Django as usual
        return reverse(nom, args=args, kwargs=kwargs, current_app=application)
    cles = tuple(sorted((kwargs or {}).items()))
    return _adresse(get_script_prefix(), get_urlconf(), nom, tuple(args), cles, application)


class NoeudAdresse(URLNode):
    """Django's `URLNode.render`, with the remembering `adresse()` in place of `reverse()`."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        nom = self.view_name.resolve(context)
        try:
            application = context.request.current_app
        except AttributeError:
            try:
                application = context.request.resolver_match.namespace
            except AttributeError:
                application = None
        url = ""
        try:
            url = adresse(nom, args, kwargs, application)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    noeud = url_de_django(parser, token)
    return NoeudAdresse(noeud.view_name, noeud.args, noeud.kwargs, noeud.asvar)
