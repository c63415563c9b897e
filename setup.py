"""Packages: coe_backend, coe_ui, and the top-level enabled/ folder installed as
coe_ui.enabled, so that operators (and Kolla-style images) find the Horizon
enabled files inside the installed package."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["coe_backend", "coe_backend.*", "coe_ui", "coe_ui.*"])
    + ["coe_ui.enabled"],
    package_dir={"coe_ui.enabled": "enabled"},
)
