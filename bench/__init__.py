"""Benchmarks of the acemedia servers against the existing published servers and a minimal "floor" server.

Run it with `make bench` (or `uv run python -m bench`); see bench/README.md for what is measured and how.
"""
