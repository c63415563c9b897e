from django.urls import include
from django.urls import re_path

from coe_ui.content.clusters import views

# UUIDs only: when this panel is a dashboard's default, Horizon mounts these
# patterns at the dashboard's root too, where a catch-all would shadow other panels.
CLUSTER = r'^(?P<cluster_id>[0-9a-fA-F-]{36})/'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^create/review/$', views.ReviewView.as_view(), name='create_review'),
    re_path(CLUSTER + r'$', views.DetailView.as_view(), name='detail'),
    re_path(CLUSTER + r'resize/$', views.ResizeView.as_view(), name='resize'),
    re_path(CLUSTER + r'upgrade/$', views.UpgradeView.as_view(), name='upgrade'),
    re_path(CLUSTER + r'rotate-ca/$', views.RotateCAView.as_view(), name='rotate_ca'),
    re_path(CLUSTER + r'rotate-credentials/$', views.RotateCredentialsView.as_view(),
            name='rotate_credentials'),
    re_path(CLUSTER + r'delete/$', views.DeleteView.as_view(), name='delete'),
    re_path(CLUSTER + r'kubeconfig/$', views.KubeconfigView.as_view(), name='kubeconfig'),
    re_path(CLUSTER + r'ca/$', views.CACertificateView.as_view(), name='ca'),
    re_path(CLUSTER + r'ca/download/$', views.CACertificateDownload.as_view(), name='ca_download'),
    re_path(CLUSTER + r'sign/$', views.SignCSRView.as_view(), name='sign_csr'),
    re_path(CLUSTER + r'node-groups/', include('coe_ui.content.clusters.node_groups.urls')),
]
