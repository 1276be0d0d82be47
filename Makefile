# Two set-up commands for a fresh machine (see README):
#   make demo   create .venv, install checker, check a bundled sample and write out/report.html
#   make test   create .venv, install checker with its test tools, run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SAMPLE ?= samples/l7-7015-signposted.docx
UNIT   ?= 7015V1

.PHONY: demo test venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

demo: venv
	$(BIN)/python -m pip install --quiet .
	mkdir -p out
	$(BIN)/checker check $(SAMPLE) --unit $(UNIT)
	$(BIN)/checker check $(SAMPLE) --unit $(UNIT) --format html --output out/report.html
	$(BIN)/checker check $(SAMPLE) --unit $(UNIT) --format json --output out/report.json

test: venv
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out build dist test-artifacts
