"""Exporting a chart: the briefing frame around it and the one shared Chromium that draws it."""
