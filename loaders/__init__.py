"""Loaders: written answers from Hansard text, TheyWorkForYou XML and Written Questions API JSON."""
