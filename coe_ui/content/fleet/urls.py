from django.urls import re_path

from coe_ui.content.fleet import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
