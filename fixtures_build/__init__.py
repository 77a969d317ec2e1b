"""Generators for the test fixtures under tests/fixtures/ (`make fixtures`).

Needs LibreOffice (soffice), Chromium and the `fixtures` extra; CI only reads the committed
outputs and never runs this package.
"""
