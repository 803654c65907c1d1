from django.urls import path

from simulateur import views

app_name = "simulateur"
urlpatterns = [path("", views.simulateur, name="simulateur")]
