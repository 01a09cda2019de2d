"""Exporting a chart: the briefing frame around it (``frame``) and the one shared Chromium that
draws it (``chromium``, with its tabs in ``browser_tabs``)."""
