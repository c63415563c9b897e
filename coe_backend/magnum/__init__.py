"""The wire to Magnum: the connection (microversion negotiation, paging,
timeouts), the translation of every failure into coe_backend's errors, JSON
patches and the retry for Magnum's half-built clusters."""
