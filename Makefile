# kg: the two commands of the README, and a few helpers.
#   make demo   install into .venv, build + validate the worked example, print its answers
#   make test   install with the test tools and run the whole suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
KG := $(BIN)/kg
EXAMPLE := examples/putin-tehran-2015
STAMP := $(VENV)/.installed

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install lint tools clean codes

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A real (non-editable) install, as a user gets it: ontology and shapes come from the wheel.
$(STAMP): $(BIN)/python pyproject.toml $(shell find kg ontology shapes -type f 2>/dev/null)
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use: raptor's rapper, an independent C parser for the outputs.
tools:
	@command -v rapper >/dev/null 2>&1 || $(SUDO) apt-get install -y -q raptor2-utils \
	  || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q raptor2-utils; }

demo: install
	@mkdir -p build
	$(KG) build $(EXAMPLE) -o build/putin-tehran-2015.ttl
	@echo; echo "CQ1  Whom did Putin meet on 2015-11-23?"
	@$(KG) query build/putin-tehran-2015.ttl -n meetings -p actor=putin -p from=2015-11-23 -p to=2015-11-23
	@echo; echo "CQ2  Which summit did Putin attend, where and when?"
	@$(KG) query build/putin-tehran-2015.ttl -n summits -p actor=putin
	@echo; echo "CQ3  Meetings between Russian and Iranian officials"
	@$(KG) query build/putin-tehran-2015.ttl --file $(EXAMPLE)/queries/cq3-russia-iran-meetings.rq
	@echo; echo "CQ4  What did Peskov say, about which meeting?"
	@$(KG) query build/putin-tehran-2015.ttl -n statements -p speaker=peskov
	@echo; echo "CQ5  Claims the article attributes to other outlets"
	@$(KG) query build/putin-tehran-2015.ttl --file $(EXAMPLE)/queries/cq5-outlet-claims.rq
	@echo; echo "CQ6  Putin's visits to Tehran"
	@$(KG) query build/putin-tehran-2015.ttl -n visits -p actor=putin
	@echo; echo "CQ7  What was expected (not confirmed)?"
	@$(KG) query build/putin-tehran-2015.ttl -n claims -p status=expected
	@echo; echo "CQ8  The article and sentence behind each fact"
	@$(KG) query build/putin-tehran-2015.ttl -n evidence --format tsv
	@echo; echo "CQ9  Putin's timeline"
	@$(KG) query build/putin-tehran-2015.ttl -n timeline -p actor=putin

# pytest (not python -m pytest) so the tests import the installed kg, not the source tree.
# Exit code 5 (no tests collected) is a failure too.
test: install lint tools
	$(BIN)/pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

lint: install
	$(BIN)/ruff check kg tests scripts
	$(BIN)/mypy

codes:
	$(BIN)/python scripts/gen_codes.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache dist

# Benchmarks of issue 5 (bench/run.py writes BENCHMARKS.md; never part of `make test`).
#   make bench        10k and 100k events (kg, the floors, rdflib, Morph-KGC, pyshacl, loading, queries)
#   make bench-full   also 1M events (hours; give BENCH_ARGS="--skip ..." to leave cases out)
# Morph-KGC 2.10 pins pyoxigraph<0.4, rdflib<7.3 and pandas<3, so it gets its own venv.
MORPH_VENV := bench/.venv-morph
BENCH_ARGS ?=
BENCH_RUN = $(BIN)/python bench/run.py --python $(BIN)/python --kg $(KG) --oxigraph $(BIN)/oxigraph \
	--morph-python $(MORPH_VENV)/bin/python

.PHONY: bench bench-full bench-morph

$(MORPH_VENV)/.installed:
	$(PYTHON) -m venv $(MORPH_VENV)
	$(MORPH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MORPH_VENV)/bin/python -m pip install --quiet "morph-kgc==2.10.*" "pyoxigraph<0.4" "rdflib<7.3" "pandas<3"
	touch $@

bench-morph: $(MORPH_VENV)/.installed

bench: install bench-morph
	$(BENCH_RUN) --sizes 10k,100k $(BENCH_ARGS)

bench-full: install bench-morph
	$(BENCH_RUN) --sizes 10k,100k,1m --timeout 10800 $(BENCH_ARGS)
