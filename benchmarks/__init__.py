"""Benchmarks: `make bench` (PDF pipeline vs bare pdfplumber)."""
