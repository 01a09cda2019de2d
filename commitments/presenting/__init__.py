"""Presenting a view: charts by family, the Word briefing, spreadsheets, and the files of a view."""
