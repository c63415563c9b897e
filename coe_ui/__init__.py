"""coe-ui: run container clusters on OpenStack Magnum from Horizon."""
