"""The dashboard's page layer: Streamlit widgets, views and the page address.

Only this package and ``dashboard.py`` import Streamlit. The modules that hold no widgets
(``address``, ``selection``, ``markdown``) are pure and tested without a running page.
"""
