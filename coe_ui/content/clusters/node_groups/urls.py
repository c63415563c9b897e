from django.urls import re_path

from coe_ui.content.clusters.node_groups import views

# Mounted under the cluster's <cluster_id>/node-groups/ (clusters/urls.py).
GROUP = r'^(?P<node_group_id>[0-9a-fA-F-]{36})/'

urlpatterns = [
    re_path(r'^$', views.NodeGroupsView.as_view(), name='nodegroup_index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='nodegroup_create'),
    re_path(GROUP + r'$', views.DetailView.as_view(), name='nodegroup_detail'),
    re_path(GROUP + r'update/$', views.UpdateView.as_view(), name='nodegroup_update'),
    re_path(GROUP + r'flavor/$', views.ChangeFlavorView.as_view(),
            name='nodegroup_change_flavor'),
]
