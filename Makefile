# Everyday commands. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrate demo messages bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py make_demo_ca
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py load_demo_figures
	@echo "Starting the task worker and the portal at http://127.0.0.1:8000/ (Ctrl-C stops both)."
	@# keep_worker starts the worker again whenever it ends (killed, crashed).
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 nice -n 19 $(BIN)/python manage.py keep_worker -- --no-startup-delay --interval 0.5 & \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l id --no-obsolete --no-wrap --no-location --ignore=.venv --ignore=docs
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(STAMP)
	DEBUG=1 $(BIN)/python bench/render_pdf.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
