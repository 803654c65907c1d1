from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from secteurs.models import Page, Question


class Fixes(Sitemap):
    def items(self):
        return [
            "secteurs:accueil",
            "secteurs:liste",
            "secteurs:faq",
            "secteurs:tarifs",
            "secteurs:glossaire",
            "simulateur:simulateur",
        ]

    def location(self, item):
        return reverse(item)


class Pages(Sitemap):
    def items(self):
        return Page.objects.publies().exclude(slug="secteurs")

    def lastmod(self, page):
        return page.mis_a_jour_le


class Questions(Sitemap):
    def items(self):
        return Question.objects.publies()

    def lastmod(self, question):
        return question.mis_a_jour_le


SITEMAPS = {"fixes": Fixes, "pages": Pages, "questions": Questions}
