from django.conf import settings


def site(request):
    return {"SITE_CONTACT": settings.SITE_CONTACT, "SITE_URL": settings.SITE_URL}
