from django.urls import path

from simulateur import views

app_name = "simulateur"
urlpatterns = [
    path("simulateur/", views.simulateur, name="simulateur"),
    path("tarifs-en-vigueur/", views.tarifs, name="tarifs"),
]
