# `make demo` and `make test` each set up a fresh machine (Debian fonts and chromium, .venv,
# pip install) and then run. Set-up steps are skipped when already done.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# chromium: the portal robot's browser; tesseract-ocr + chi_sim: the alternative OCR engine
APT_PACKAGES := fonts-noto-cjk fonts-wqy-zenhei chromium tesseract-ocr tesseract-ocr-chi-sim
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test lint pytest unit robot libdoc setup system-packages postgres clean plugin-smoke

demo: setup
	$(BIN)/veribot demo

test: setup postgres lint pytest robot

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
	$(BIN)/python -m pip install -q -e '.[ocr,portal,dev,rpa,sandbox]'
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

# every pytest test: unit, integration (real SQLite, PostgreSQL, OCR, HTTP, Chromium), security
pytest:
	$(BIN)/pytest -q

# the edit loop: tests/unit without the tests marked slow (`@pytest.mark.slow`, a second or
# more each); `make pytest` and `make test` run them with the rest
unit:
	$(BIN)/pytest -q tests/unit -m "not slow"

# tasks.robot without an INBOX makes itself a 500-applicant Excel inbox and checks the decisions
# against the world's expected answers (about 9 minutes on 2 cores); then the acceptance suites
robot:
	$(BIN)/robot --rpa --listener robotlib.library.masking_listener.MaskingListener \
	  --outputdir var/robot tasks.robot
	$(BIN)/robot --rpa --listener robotlib.library.masking_listener.MaskingListener \
	  --outputdir var/robot/acceptance tests/acceptance

# docs/plugins.md "write your first bot" as a new user follows it: generate a bot package,
# pip install it into the venv, run its test, see it in `veribot plugins`, uninstall it
# (`make pytest` runs the same test with the rest of pytest)
plugin-smoke: setup
	$(BIN)/pytest -q tests/integration/test_plugin_scaffold.py

# the keyword documentation committed in docs/
libdoc:
	$(BIN)/libdoc robotlib.VeribotLibrary docs/VeribotLibrary.html

clean:
	rm -rf var $(VENV) .pytest_cache .mypy_cache .ruff_cache
