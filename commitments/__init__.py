"""Commitments and figures from UK parliamentary written answers: model, loading, checks, tables."""
