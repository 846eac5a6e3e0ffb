# `make demo` and `make test` each set up a fresh machine (Debian fonts, .venv, pip install)
# and then run. Set-up steps are skipped when already done.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# tesseract-ocr + chi_sim: the alternative OCR engine (robotlib/ocr/tesseract.py)
APT_PACKAGES := fonts-noto-cjk fonts-wqy-zenhei tesseract-ocr tesseract-ocr-chi-sim
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test lint unit robot setup system-packages postgres clean

demo: setup
	$(BIN)/veribot demo

test: setup postgres lint unit robot

setup: system-packages $(STAMP)

system-packages:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  echo "installing Debian packages: $(APT_PACKAGES)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); }

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[ocr,dev]'
	touch $(STAMP)

# the pool's PostgreSQL tests use the machine's cluster on 127.0.0.1:5432 (each test session
# creates and drops a database of its own): start the cluster when it is down
postgres:
	@if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -n 1)" main start; \
	fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit:
	$(BIN)/pytest -q

robot:
	$(BIN)/robot --rpa --outputdir var/robot tasks.robot

clean:
	rm -rf var $(VENV) .pytest_cache .mypy_cache .ruff_cache
