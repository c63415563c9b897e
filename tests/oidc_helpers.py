"""The devcloud's OpenID Connect issuer from a test's side: its ID tokens,
and a stand-in for kubelogin so that kubectl can run an OIDC kubeconfig here."""
import os
import stat
import sys
import textwrap

import requests
from authlib.integrations.requests_client import OAuth2Session

CLIENT = "kubernetes"


def oidc_labels(devcloud):
    """Labels of a cluster that trusts the devcloud's issuer (Magnum's oidc_* labels)."""
    return {"oidc_issuer_url": devcloud.cfg.oidc_issuer_url, "oidc_client_id": CLIENT,
            "oidc_username_claim": "preferred_username", "oidc_username_prefix": "oidc:",
            "oidc_groups_claim": "groups"}


def id_token(devcloud, user, password=None, client_id=CLIENT):
    """An ID token from the devcloud's issuer, through Authlib's OAuth 2 client."""
    token_url = requests.get(f"{devcloud.cfg.oidc_issuer_url}/.well-known/openid-configuration",
                             timeout=10).json()["token_endpoint"]
    client = OAuth2Session(client_id=client_id, scope="openid profile groups")
    return client.fetch_token(token_url, grant_type="password", username=user,
                              password=password or user)["id_token"]


def kubelogin_stand_in(folder):
    """`kubectl oidc-login get-token`, for this machine that cannot install
    kubelogin (a Go binary, in no package registry it reaches): kubectl finds
    the plugin `kubectl-oidc_login` on PATH, as it finds kubelogin. It reads
    the issuer and client from the arguments the kubeconfig gives, logs in
    with Authlib's OAuth 2 client by the password grant (kubelogin's
    --grant-type=password) and prints the ExecCredential kubelogin prints."""
    plugin = folder / "kubectl-oidc_login"
    plugin.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys
        import requests
        from authlib.integrations.requests_client import OAuth2Session
        args = dict(a[2:].split("=", 1) for a in sys.argv[2:] if a.startswith("--") and "=" in a)
        assert sys.argv[1] == "get-token", sys.argv
        issuer = args["oidc-issuer-url"]
        found = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
        token = OAuth2Session(client_id=args["oidc-client-id"], scope="openid").fetch_token(
            found["token_endpoint"], grant_type="password",
            username=os.environ["LOGIN_USER"], password=os.environ["LOGIN_PASSWORD"])
        print(json.dumps({{"apiVersion": "client.authentication.k8s.io/v1",
                          "kind": "ExecCredential", "status": {{"token": token["id_token"]}}}}))
        """))
    plugin.chmod(plugin.stat().st_mode | stat.S_IXUSR)


def kubelogin_env(folder, user, password=None):
    """The environment for kubectl with the stand-in on PATH, logging in as ``user``."""
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}",
            "LOGIN_USER": user, "LOGIN_PASSWORD": password or user}
