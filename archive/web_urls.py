from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("parties/<slug:slug>/", views.party_detail, name="party"),
]
