# `make demo` and `make test` each set up a fresh machine (Debian fonts, .venv, pip install)
# and then run. Set-up steps are skipped when already done.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := fonts-noto-cjk fonts-wqy-zenhei
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test lint unit robot setup system-packages clean

demo: setup
	$(BIN)/veribot demo

test: setup lint unit robot

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
