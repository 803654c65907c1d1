"""The Jinja2 environment of the simulator's live answer (the second template backend).

The result fragment is rendered on every change of an answer; Jinja2 compiles it to Python and
renders it several times faster than the Django template language. Same autoescaping, same
filters (`simulateur.affichage`, registered here as in `simulateur/templatetags/montants.py`), and
undefined names fail loudly, like the strict Django templates of the tests.
"""

from django.template import defaultfilters, engines
from django.templatetags.l10n import unlocalize
from django.utils.safestring import mark_safe
from jinja2 import Environment, StrictUndefined

from config import liens
from simulateur import affichage


def url(nom, *args):
    """The path of a named URL, reversed once per process (config/liens.py)."""
    return liens.adresse(nom, args)


def rendre(nom, contexte):
    """The template `nom` rendered, escaped as the Django templates escape (MarkupSafe writes
    `&#39;` and `&#34;` where Django writes `&#x27;` and `&quot;`): the same bytes either way.
    The templates' own text holds neither entity, so only escaped values change."""
    html = engines["jinja2"].get_template(nom).render(contexte)
    return mark_safe(html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;"))  # noqa: S308 (autoescaped)


def environnement(**options):
    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = Environment(autoescape=True, undefined=StrictUndefined, **options)
    for nom in ("euros", "pourcent", "nombre", "valeur_data", "date_fr"):
        env.filters[nom] = getattr(affichage, nom)
    env.filters["pluralize"] = defaultfilters.pluralize
    env.filters["unlocalize"] = unlocalize
    env.globals.update(url=url, expliquer=affichage.html, repartition=affichage.repartition)
    return env
