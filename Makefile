# litmap — two commands on a fresh machine:
#   make demo   run the whole pipeline and the notebooks on the bundled article -> outputs/
#   make test   run the test suite (unit, HTTP against a local server, notebooks, browser, slides)
#   make check  the quick part of it while editing: lint, docstring examples, unit tests
# Both create the virtual environment (.venv) they need.
#   make format runs ruff's fixes and formatter over the tree; make docs builds the documentation site.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= outputs
ARTICLE ?= data/articles/empathy-in-therapy.txt
SNAPSHOT ?= data/snapshots/empathy-in-therapy.json
# Empty: the article's own topics, discovered (what a user gets on their own article). A taxonomy
# of your own instead: make demo TOPICS=data/topics/empathy-in-therapy.yaml
TOPICS ?=
TOPICS_OPTION := $(if $(TOPICS),--topics $(TOPICS),)

.PHONY: venv demo test check lab browser office benchmark clean format parser-model docs

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The pipeline, then every notebook (executed copies in OUT/notebooks/), on the bundled article.
demo: $(STAMP)
	$(VENV)/bin/litmap run $(ARTICLE) --out $(OUT) --offline --snapshot $(SNAPSHOT) $(TOPICS_OPTION)
	$(VENV)/bin/litmap notebooks --out $(OUT) $(TOPICS_OPTION)

# Chromium for the browser tests comes from Debian (never from `playwright install`).
browser:
	@bash .ci/ensure-chromium

# LibreOffice Impress for the slide-deck tests (they render evidence.pptx as a person would see it)
# comes from Debian too; where it cannot be installed those tests are skipped with a message.
office:
	@bash .ci/ensure-libreoffice

# Lint and format check first (ruff), then the tests and the docstring examples (pytest --doctest-modules),
# in two processes (pytest-xdist; tests that share a notebook run, a corpus or the browser stay together).
PYTEST_PROCESSES ?= 2
PYTEST_PARALLEL := -n $(PYTEST_PROCESSES) --dist loadgroup

test: $(STAMP) browser office
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_PARALLEL)

# The edit-test loop (under a minute): ruff, the docstring examples and the unit tests; not the tests
# marked slow, notebook or browser, which `make test` runs too.
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_PARALLEL) -q -m "not slow and not notebook and not browser"

# The documentation site (docs/, mkdocs.yml) into site/; strict: a broken link, anchor or image fails.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

# JupyterLab refuses to run as root without --allow-root (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks

# Long measurements, outside `make test`; numbers go into benchmarks/README.md by hand.
BENCHMARKS := parse_references real_articles real_pdfs pdf_layouts main_content match_validation audit_mutations audit_venue_swap reading_list graph_scale crossref_throughput fetch_limits topics sentence_kinds fit_basis figures corpus_scale damaged_lists every_file hostile_input

benchmark: $(STAMP)
	for b in $(BENCHMARKS); do echo "== $$b"; $(PY) benchmarks/$$b.py || exit 1; done

# Rebuild the learned reference parser (src/litmap/data/reference-parser.*) from the labelled data in
# ../shared (train and dev splits; about 30 s on 2 cores); deterministic, so an unchanged tree gives
# the same bytes. SHARED=path points elsewhere. Outside `make test`, which never reads ../shared.
SHARED ?= ../shared

parser-model: $(STAMP)
	$(PY) tools/train_parser.py --shared $(SHARED)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(OUT) .pytest_cache build site src/*.egg-info
