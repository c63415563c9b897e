"""The README's screenshots, taken from the real pages: `make screenshots`.

Starts its own devcloud, seeded as `make demo` seeds it (two public
templates and demo's running `demo-cluster`), in .devcloud-screenshots/ on
ports 7000 / 7511 / 7990 / 7080, so a running demo or test run is left
alone; logs in as demo in a headless Chromium with a 1280x800 window; saves

    docs/images/clusters.png               Project > Container Infra > Clusters, a row's actions open
    docs/images/create-cluster-review.png  the Create Cluster wizard's Review step
    docs/images/kubeconfig.png             the Download Kubeconfig dialog

and stops its devcloud. Nothing is created: the wizard is left at Review.
"""
import base64
import math
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from selenium.webdriver.common.by import By  # noqa: E402

from devcloud import lifecycle, seed  # noqa: E402
from devcloud.config import Config  # noqa: E402
from tests.e2e import pages  # noqa: E402
from tests.e2e.chromium import Browser, start_chromium  # noqa: E402

IMAGES = REPO_ROOT / "docs" / "images"
WIDTH, HEIGHT = 1280, 800
CLUSTERS = "/project/clusters/"
# Its own devcloud: not the demo's (.devcloud, :5000...), the tests' (:15000...)
# or the benchmarks' (:25000...). The simulated clusters' APIs get :8443 on.
ENV = {
    "DEVCLOUD_STATE_DIR": str(REPO_ROOT / ".devcloud-screenshots"),
    "DEVCLOUD_PROFILE": "embedded",
    "DEVCLOUD_KEYSTONE_PORT": "7000",
    "DEVCLOUD_MAGNUM_PORT": "7511",
    "DEVCLOUD_CATALOG_PORT": "7990",
    "DEVCLOUD_HORIZON_PORT": "7080",
    "DEVCLOUD_SEED": "1",
}
for _name in ("DEVCLOUD_KUBE_PORT_BASE", "DEVCLOUD_OP_SECONDS", "DEVCLOUD_MAX_CLUSTERS",
              "DEVCLOUD_HORIZON_PYTHON"):
    os.environ.pop(_name, None)  # as `make demo` has them
os.environ.update(ENV)


def main():
    cfg = Config.from_env()
    began = time.monotonic()
    # Magnum starts empty, then gets the demo's content: the same pictures every time.
    lifecycle.stop(cfg)
    try:
        lifecycle.start(cfg, fresh_magnum=True)
        print(f"devcloud up in {time.monotonic() - began:.0f} s", flush=True)
        driver = start_chromium()
        try:
            take(Browser(driver, cfg.url(cfg.horizon_port)))
        finally:
            driver.quit()
    finally:
        lifecycle.stop(cfg)
    print(f"done in {time.monotonic() - began:.0f} s")


def take(browser):
    viewport(browser, HEIGHT)
    browser.login("demo")

    # The Clusters page, demo-cluster's actions open.
    browser.open(CLUSTERS)
    pages.wait_row(browser, seed.CLUSTER_NAME, {"Status": "Active", "Health": "Healthy"})
    pages.table_row(browser, seed.CLUSTER_NAME).find_element(
        By.CSS_SELECTOR, ".dropdown-toggle").click()
    menu = pages.visible(browser, "#clusters tbody .dropdown-menu")
    bottom = max(rect(browser, menu)["bottom"], rect(browser, "#clusters")["bottom"]) + 24
    save(browser, "clusters.png", {"x": 0, "y": 0, "width": WIDTH, "height": min(bottom, HEIGHT)})

    # The create wizard, each step as it opens, up to Review.
    browser.open(CLUSTERS)
    pages.click(browser, "#clusters__action_create")
    pages.type_into(browser, ".modal #id_name", "my-first-cluster")
    pages.choose(browser, "id_cluster_template_id", option_value(
        browser, "id_cluster_template_id", seed.UPGRADE_TEMPLATE_NAME))
    pages.choose(browser, "id_keypair", "demo-key")
    pages.next_step(browser, ".modal #id_node_count")
    pages.next_step(browser, pages.dropdown("id_fixed_network"))
    pages.next_step(browser, ".modal #id_labels")
    pages.next_step(browser, ".modal .coe-review .coe-preflight")
    pages.visible(browser, ".modal .coe-review pre.coe-cli")
    save_modal(browser, "create-cluster-review.png")

    # The kubeconfig dialog, from the row's main button.
    browser.open(CLUSTERS)
    pages.open_row_form(browser, seed.CLUSTER_NAME, "Download Kubeconfig")
    save_modal(browser, "kubeconfig.png")


def viewport(browser, height):
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False})


def rect(browser, element):
    if isinstance(element, str):
        element = browser.driver.find_element(By.CSS_SELECTOR, element)
    return browser.driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return {x: r.left, y: r.top, width: r.width, height: r.height, bottom: r.bottom};",
        element)


def option_value(browser, select_id, label):
    """The value of the option of ``select_id`` whose text starts with ``label``."""
    def value(driver):
        for option in driver.find_elements(By.CSS_SELECTOR, f"#{select_id} option"):
            if option.get_attribute("textContent").strip().startswith(label):
                return option.get_attribute("value")
        return None
    return pages.until(browser, value, message=f"no option {label} in #{select_id}")


def save_modal(browser, name):
    """The open dialog alone, however tall: the window grows to hold it."""
    dialog = pages.visible(browser, ".modal .modal-dialog")
    still(browser)
    viewport(browser, max(HEIGHT, int(rect(browser, dialog)["bottom"]) + 40))
    still(browser)
    box = rect(browser, dialog)
    # Whole pixels inside its border: none of the dimmed page beside it.
    left, top = math.ceil(box["x"]), math.ceil(box["y"])
    save(browser, name, {"x": left, "y": top, "width": math.floor(box["x"] + box["width"]) - left,
                         "height": math.floor(box["bottom"]) - top})
    viewport(browser, HEIGHT)


def still(browser):
    """Wait until no transition or animation runs (a dialog fading in, a menu opening)."""
    pages.until(browser, lambda d: d.execute_script(
        "return document.getAnimations().filter(function (a) {"
        "  return a.playState === 'running'; }).length === 0;"),
        message="the page never stopped moving")
    time.sleep(0.3)


def save(browser, name, clip):
    still(browser)
    shot = browser.driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "clip": dict(clip, scale=1)})
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / name
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"{path.relative_to(REPO_ROOT)}: {int(clip['width'])}x{int(clip['height'])}, "
          f"{path.stat().st_size // 1024} KB", flush=True)


if __name__ == "__main__":
    main()
