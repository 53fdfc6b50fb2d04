from django.contrib.auth import views as auth_views
from django.urls import path

from archive import exports, pickers, saved, timelines, views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/export.csv", exports.export_csv, name="export_csv"),
    path("search/export.jsonl", exports.export_jsonl, name="export_jsonl"),
    path("search/feed.atom", exports.feed, name="feed"),
    path("search/timeline.csv", timelines.timeline_csv, name="timeline_csv"),
    path("timeline/", timelines.compare, name="compare"),
    path("timeline/compare.csv", timelines.compare_csv, name="compare_csv"),
    path("search/suggest/sources", pickers.suggest_sources_view, name="suggest_sources"),
    path("search/suggest/parties", pickers.suggest_parties_view, name="suggest_parties"),
    path("search/all/sources/", pickers.all_sources, name="all_sources"),
    path("search/all/parties/<str:kind>/", pickers.all_parties, name="all_parties"),
    path("search/all/datelines/", pickers.all_datelines, name="all_datelines"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("parties/<slug:slug>/", views.party_detail, name="party"),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("saved/", saved.saved_searches, name="saved_searches"),
    path("saved/new/", saved.save_search, name="save_search"),
    path("saved/<int:pk>/open/", saved.open_saved_search, name="open_saved_search"),
    path("saved/<int:pk>/rename/", saved.rename_saved_search, name="rename_saved_search"),
    path("saved/<int:pk>/delete/", saved.delete_saved_search, name="delete_saved_search"),
]
