"""Commitments and figures from UK parliamentary written answers, in stages that follow the data:

``record`` (what a record is) → ``folder`` (the data folder read and checked) → ``tables`` (tidy
frames and the view of a date and filters) → ``serving`` (the page's snapshot and cache) and
``presenting`` (charts, Word, spreadsheets) → ``exporting`` (framed charts drawn by Chromium).
``cli`` is ``python -m commitments``.
"""
