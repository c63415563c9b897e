from django.urls import re_path

from coe_ui.content.admin.clusters import views

# Detail pages and dialogs are the project panel's (see tables.py).
urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
