from django.urls import re_path

from coe_ui.content.admin.clusters import views
from coe_ui.content.clusters.urls import CLUSTER

# The dialogs are the project panel's (see tables.py).
urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(CLUSTER + r'$', views.DetailView.as_view(), name='detail'),
]
