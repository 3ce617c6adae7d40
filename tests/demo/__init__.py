"""The demo data and the scale data."""
