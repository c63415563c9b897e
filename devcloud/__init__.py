"""devcloud: a small, real OpenStack cloud on 127.0.0.1 for the demo and the tests.

Real Keystone, real Magnum (API and conductor in one process), real Horizon
with coe-ui enabled; only the Magnum cluster driver and the Glance / Nova /
Neutron read stand-in are simulated.  ``python -m devcloud --help``.
"""
