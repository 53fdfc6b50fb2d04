from django.urls import path

from archive import exports, views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/export.csv", exports.export_csv, name="export_csv"),
    path("search/export.jsonl", exports.export_jsonl, name="export_jsonl"),
    path("search/feed.atom", exports.feed, name="feed"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("parties/<slug:slug>/", views.party_detail, name="party"),
]
