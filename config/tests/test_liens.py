"""`{% url %}` remembers what it reversed (config/liens.py) and writes exactly what Django writes."""

from unittest import mock

import pytest
from django.template import Context, Template
from django.template.defaulttags import url as url_de_django
from django.urls import NoReverseMatch

from config import liens

GABARIT = (
    "{% url 'secteurs:accueil' %}|{% url 'secteurs:page' 'sources' %}|"
    "{% url 'secteurs:page' slug=nom %}|{% url 'annuaire:trouver' as t %}{{ t }}|"
    "{% url 'nulle-part' as rien %}[{{ rien }}]"
)


def test_memes_adresses_que_django():
    from django.template import Library, engines

    moteur = engines["django"].engine
    bibliotheque = Library()
    bibliotheque.tag("url", url_de_django)
    nos_adresses = Template(GABARIT).render(Context({"nom": "confidentialite"}))
    moteur.template_builtins.append(bibliotheque)  # Django's own tag, last, wins
    try:
        celles_de_django = Template(GABARIT, engine=moteur).render(Context({"nom": "confidentialite"}))
    finally:
        moteur.template_builtins.remove(bibliotheque)
    assert nos_adresses == celles_de_django
    assert nos_adresses.startswith("/|/sources/|") and "[]" in nos_adresses


def test_une_adresse_inversee_une_fois():
    liens._adresse.cache_clear()
    with mock.patch.object(liens, "reverse", wraps=liens.reverse) as inverser:
        for _ in range(5):
            Template("{% url 'secteurs:page' 'sources' %}{% url 'simulateur:tarifs' %}").render(Context())
    assert inverser.call_count == 2


def test_une_adresse_inconnue_leve_toujours():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'nulle-part' %}").render(Context())
