.DEFAULT_GOAL := help
PY := .venv/bin/python
PIPELINE := .venv/bin/pipeline
OUT ?= out
SITE ?= site
N ?= 200

.PHONY: help setup extract test golden check lint bench bench-batch warehouse clean fixtures report screenshot contract

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	@# the distribution was called "pipeline" before it became styrkort-pipeline: drop that install
	$(PY) -m pip uninstall -q -y pipeline 2>/dev/null || true
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: .venv/.installed ## Create .venv and install the package with the dev extra

extract: .venv/.installed ## Extract samples/ into out/ (OUT=dir to change)
	$(PIPELINE) extract samples --out $(OUT)

test: .venv/.installed ## Run the test suite
	$(PY) -m pytest -q

golden: .venv/.installed ## Regenerate golden files on purpose (review the diff!)
	$(PY) -m tests.golden

contract: .venv/.installed ## Regenerate docs/datacontract.yaml (ODCS v3) from pipeline/output/schemas.py
	$(PY) -m pipeline.output.contract docs/datacontract.yaml

fixtures: .venv/.installed ## Regenerate tests/fixtures/ (needs soffice, chromium; not run in CI)
	$(PY) -m pip install -q -e '.[dev,fixtures]'
	$(PY) -m fixtures_build all

lint: .venv/.installed ## Lint with ruff
	$(PY) -m ruff check pipeline tests benchmarks

check: lint test ## Lint and test

bench: .venv/.installed ## Time the PDF pipeline against bare pdfplumber (warm and whole process); pathological inputs vs their budgets
	$(PY) -m benchmarks.bench_pdf
	$(PY) -m benchmarks.bench_process --big
	$(PY) -m benchmarks.bench_hostile

bench-batch: .venv/.installed ## Batch scale benchmark on a synthetic corpus (N=200)
	$(PY) -m benchmarks.bench_batch --n $(N)

warehouse: .venv/.installed ## Build out/warehouse.duckdb views over out/
	$(PIPELINE) warehouse $(OUT)

report: extract ## Extract samples/ and write the static HTML site into site/ (SITE=dir to change)
	$(PIPELINE) report $(OUT) --html $(SITE)

screenshot: report ## docs/screenshot.png of the committee page, with headless Chromium
	$(PY) -m pipeline.site.browser $$(ls $(SITE)/scope-*.html | head -n 1) docs/screenshot.png

clean: ## Remove out/ and caches (keeps .venv)
	rm -rf $(OUT) .pytest_cache .hypothesis
