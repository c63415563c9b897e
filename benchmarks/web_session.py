"""One person in a web browser, over real HTTP: a requests.Session logged
into a Horizon that devcloud serves, reading pages and posting forms.

Unlike horizon_inprocess (Django's test client in this process), the pages
are rendered by the server's own processes, so that many of these in threads
load it as many people would."""
import requests

from benchmarks.horizon_messages import complaints

TIMEOUT = 120  # seconds a page may take on a loaded machine


class WebSession:
    def __init__(self, base_url, user):
        self.base_url = base_url.rstrip("/")
        self.user = user
        self.session = requests.Session()
        for _attempt in range(3):  # a login racing nine others may meet a busy Keystone
            self.session.get(self.url("/auth/login/"), timeout=TIMEOUT)
            answer = self.session.post(self.url("/auth/login/"), timeout=TIMEOUT, data={
                "username": user, "password": user, "region": "default",
                "csrfmiddlewaretoken": self.session.cookies["csrftoken"]})
            if "/auth/login" not in answer.url:
                return
        raise RuntimeError(f"{user} could not log into Horizon: {complaints(answer.text)}")

    def url(self, path):
        return self.base_url + path

    def get(self, path):
        return self.session.get(self.url(path), timeout=TIMEOUT)

    def submit(self, form, **changes):
        """Post ``form`` (an html_forms.Form read from a page, its CSRF token
        among the hidden fields) as a browser would, with the fields in
        ``changes`` typed in."""
        return self.session.post(self.url(form.action), data={**form.fields, **changes},
                                 timeout=TIMEOUT)
