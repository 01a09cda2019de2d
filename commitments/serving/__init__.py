"""Serving the page: the snapshot it loads, the warm-load cache, the data folder's change watch."""
