from django.urls import re_path

from coe_ui.content.cluster_templates import views

TEMPLATE = r'^(?P<template_id>[^/]+)/'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^create/review/$', views.CreateReviewView.as_view(), name='create_review'),
    re_path(TEMPLATE + r'$', views.DetailView.as_view(), name='detail'),
    re_path(TEMPLATE + r'update/$', views.UpdateView.as_view(), name='update'),
    re_path(TEMPLATE + r'update/review/$', views.UpdateReviewView.as_view(),
            name='update_review'),
    re_path(TEMPLATE + r'clone/$', views.CloneView.as_view(), name='clone'),
]
