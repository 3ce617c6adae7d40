from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("publish/", views.publish, name="publish"),
    path("prepared/<int:pk>/", views.prepared, name="prepared"),
    path("prepared/<int:pk>/approve/", views.approve, name="approve"),
    path("prepared/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/retry-pdf/", views.retry_pdf, name="retry_pdf"),
]
