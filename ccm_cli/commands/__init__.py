"""CLI commands, one module per command; cli.py registers them."""
