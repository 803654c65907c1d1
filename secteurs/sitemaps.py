from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from secteurs.models import Page, Question


class SitemapDuSite(Sitemap):
    """Addresses built from SITE_URL, never from the request's Host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class Fixes(SitemapDuSite):
    def items(self):
        return [
            "secteurs:accueil",
            "secteurs:liste",
            "secteurs:faq",
            "simulateur:tarifs",
            "secteurs:glossaire",
            "simulateur:simulateur",
            "api:documentation",
            "annuaire:a_propos",  # the directory's results (/trouver-un-medecin/) are never listed
        ]

    def location(self, item):
        return reverse(item)


class Pages(SitemapDuSite):
    def items(self):
        return Page.objects.publies().exclude(slug="secteurs")

    def lastmod(self, page):
        return page.mis_a_jour_le


class Questions(SitemapDuSite):
    def items(self):
        return Question.objects.publies()

    def lastmod(self, question):
        return question.mis_a_jour_le


SITEMAPS = {"fixes": Fixes, "pages": Pages, "questions": Questions}
