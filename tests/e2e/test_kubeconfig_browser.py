"""A person downloads a kubeconfig from Horizon and kubectl works with it at once."""
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.test_clusters_browser import open_row_action
from tests.magnum_helpers import create_cluster, create_template

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def wait_for_download(folder, name, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path = folder / name
        if path.exists() and not (folder / f"{name}.crdownload").exists():
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded; folder has {sorted(p.name for p in folder.iterdir())}")


def test_downloaded_kubeconfig_lists_the_nodes_with_kubectl(browser, devcloud, tmp_path):
    magnum = devcloud.magnum("demo")
    cluster, _ = create_cluster(magnum, create_template(magnum), node_count=2)
    browser.driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                                   {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.login("demo")
    browser.open("/project/clusters/")
    browser.wait_for("#clusters")

    modal = open_row_action(browser, cluster.name, "Download Kubeconfig")
    assert "system:masters" in modal.text  # the dialog says what the file grants
    modal.find_element(By.CSS_SELECTOR, "input[type=submit], button[type=submit]").click()

    config = wait_for_download(tmp_path, f"{cluster.name}.kubeconfig")
    result = subprocess.run(["kubectl", "--kubeconfig", str(config), "get", "nodes", "-o", "name"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 3
