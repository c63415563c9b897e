from django.urls import include
from django.urls import re_path

from coe_ui.content.clusters import browser_keys
from coe_ui.content.clusters import views

# UUIDs only: when this panel is a dashboard's default, Horizon mounts these
# patterns at the dashboard's root too, where a catch-all would shadow other panels.
CLUSTER = r'^(?P<cluster_id>[0-9a-fA-F-]{36})/'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^create/review/$', views.ReviewView.as_view(), name='create_review'),
    re_path(CLUSTER + r'$', views.DetailView.as_view(), name='detail'),
    re_path(CLUSTER + r'resize/$', views.FORM_VIEWS['resize'], name='resize'),
    re_path(CLUSTER + r'upgrade/$', views.FORM_VIEWS['upgrade'], name='upgrade'),
    re_path(CLUSTER + r'rotate-ca/$', views.FORM_VIEWS['rotate_ca'], name='rotate_ca'),
    re_path(CLUSTER + r'rotate-credentials/$', views.FORM_VIEWS['rotate_credentials'],
            name='rotate_credentials'),
    re_path(CLUSTER + r'delete/$', views.FORM_VIEWS['delete'], name='delete'),
    re_path(CLUSTER + r'kubeconfig/$', views.FORM_VIEWS['kubeconfig'], name='kubeconfig'),
    re_path(CLUSTER + r'kubeconfig/for-key/$', browser_keys.KubeconfigForKey.as_view(),
            name='kubeconfig_for_key'),
    re_path(CLUSTER + r'ca/$', views.CACertificateView.as_view(), name='ca'),
    re_path(CLUSTER + r'ca/download/$', views.CACertificateDownload.as_view(), name='ca_download'),
    re_path(CLUSTER + r'sign/$', views.FORM_VIEWS['sign_csr'], name='sign_csr'),
    re_path(CLUSTER + r'node-groups/', include('coe_ui.content.clusters.node_groups.urls')),
]
