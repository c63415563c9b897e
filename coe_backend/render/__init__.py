"""COE client configuration: kubeconfigs (certificate and Keystone kinds),
the key pairs and signing requests behind them, and the zip of legacy
client files."""
