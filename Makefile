.DEFAULT_GOAL := help
PY := .venv/bin/python
PIPELINE := .venv/bin/pipeline
OUT ?= out
SITE ?= site
N ?= 200

.PHONY: help setup extract test golden check lint typecheck imports loose-types bench bench-batch bench-copies bench-archive warehouse clean fixtures report screenshot contract

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

.venv/.installed: pyproject.toml pipeline/__init__.py
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

typecheck: .venv/.installed ## Type-check pipeline/ with mypy (config in pyproject.toml)
	$(PY) -m mypy

imports: .venv/.installed ## Check the import contracts (import-linter, in pyproject.toml)
	.venv/bin/lint-imports

loose-types: .venv/.installed ## Count bare dict / list[dict] / Any annotations in pipeline/ (issue 20: at most 15)
	$(PY) -m benchmarks.loose_types --list

check: lint typecheck imports ## Lint, type check, import contracts, at most 15 loose annotations (CI runs it before the tests)
	$(PY) -m benchmarks.loose_types --max 15

bench: .venv/.installed ## Time the PDF pipeline against bare pdfplumber (warm and whole process); pathological inputs vs their budgets; archive drawings, maps and strays
	$(PY) -m benchmarks.bench_pdf
	$(PY) -m benchmarks.bench_process --big
	$(PY) -m benchmarks.bench_hostile
	$(PY) -m benchmarks.bench_pages

bench-batch: .venv/.installed ## Batch scale benchmark on a synthetic corpus (N=200)
	$(PY) -m benchmarks.bench_batch --n $(N)

SIZES ?= 1000 20000
bench-archive: .venv/.installed ## Time per report and the batch process's peak RSS at two archive sizes (SIZES="1000 20000", the issue's; about 10 minutes on 2 cores)
	$(PY) -m benchmarks.bench_archive --sizes $(SIZES)

bench-copies: .venv/.installed ## Ten identical copies of one PDF against one copy (time ratio)
	$(PY) -m benchmarks.bench_copies

warehouse: .venv/.installed ## Build out/warehouse.duckdb views over out/
	$(PIPELINE) warehouse $(OUT)

report: extract ## Extract samples/ and write the static HTML site into site/ (SITE=dir to change)
	$(PIPELINE) report $(OUT) --html $(SITE)

screenshot: report ## docs/screenshot.png of the committee page, with headless Chromium
	$(PY) -m pipeline.site.browser $$(ls $(SITE)/scope-*.html | head -n 1) docs/screenshot.png

clean: ## Remove out/ and caches (keeps .venv)
	rm -rf $(OUT) .pytest_cache .hypothesis .mypy_cache .import_linter_cache .grimp_cache
