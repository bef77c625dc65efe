"""Vega-Lite chart specs, one function per chart kind, shared by the web app and the reports."""
