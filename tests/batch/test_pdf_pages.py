"""One long PDF read in page ranges by workers: every page once, the same document."""

from __future__ import annotations

import pytest


def test_speed_page_ranges_cover_every_page_once_in_order():
    from pipeline.batch.pdf_pages import page_ranges

    for n in (1, 2, 7, 40, 300):
        for parts in (1, 2, 3, 4, 8, 500):
            ranges = page_ranges(n, parts)
            assert [i for r in ranges for i in r] == list(range(n))
            assert len(ranges) <= parts and max(map(len, ranges)) - min(map(len, ranges)) <= 1


@pytest.mark.slow
def test_speed_pdf_read_in_page_ranges_by_workers_is_identical(monkeypatch, profile):
    from pipeline.batch import pdf_pages
    from pipeline.read import pdf as reader
    from tests.conftest import PDF_2021

    data = PDF_2021.read_bytes()
    whole = reader.read_pdf(PDF_2021, data, profile)
    monkeypatch.setattr(pdf_pages, "MIN_SPLIT_PAGES", 2)
    for workers in (2, 3):  # this process reads the first part, a pool the others
        pdf_pages.peak_worker_mb = None
        with pdf_pages.page_workers(workers):
            split = reader.read_pdf(PDF_2021, data, profile, read_pages=pdf_pages.read_pages)
        assert pdf_pages.peak_worker_mb is not None  # it did go through the workers
        assert split == whole, workers
