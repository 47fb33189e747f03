# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo demo-clean test bench bench-ocr lint clean

$(STAMP): setup.cfg setup.py pyproject.toml $(wildcard plugin/withhold/*.c plugin/withhold/*/*.c)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	@# The browser test needs Debian's chromium: installed here when root, else that test is skipped.
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@# .doc/.ppt/.xls written by a real writer need LibreOffice (no GUI, ~230 MB): installed when root, else skipped.
	@command -v soffice >/dev/null || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui libreoffice-impress-nogui libreoffice-calc-nogui >/dev/null)
	@# Names in Cyrillic, Greek, Armenian or Georgian inside pictures are read by Tesseract's script
	@# models (extract/scriptocr.py; ~50 MB): installed when root, else those tests are skipped.
	@[ -f /usr/share/tesseract-ocr/5/tessdata/Georgian.traineddata ] || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    tesseract-ocr tesseract-ocr-script-cyrl tesseract-ocr-script-grek tesseract-ocr-script-armn \
	    tesseract-ocr-script-geor >/dev/null)
	@# Pictures of Chinese text are drawn in WenQuanYi Micro Hei (~5 MB): installed when root, else those tests are skipped.
	@[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    fonts-wqy-microhei >/dev/null)
	$(PY) -m pytest

# The November 2022 incident, replayed with fictional people: the statistics workbook carries a
# hidden sheet of names, and withhold stops the build. `make demo-clean`: the workbook as it
# should have been published, and the build that passes.
DEMO_BUILD := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build -f site_example/mkdocs.yml

demo: $(STAMP)
	@$(PY) site_example/make_attachments.py
	@if $(DEMO_BUILD); then echo "demo: UNEXPECTED: the build passed"; exit 1; fi; \
	  echo; echo "demo: withhold stopped the build, as it should. Open the report: reports/site_example.html"; \
	  echo "demo: site_example/site/ is still on disk: a failed build must never be deployed."; \
	  echo "demo: the same site without the hidden sheet: make demo-clean"

demo-clean: $(STAMP)
	@$(PY) site_example/make_attachments.py --clean
	@$(DEMO_BUILD)
	@echo "demo-clean: withhold passed the build: site_example/site/ may be deployed."

# Every speed and size target in one table (bench/table.py; bench/README.md says what each measures).
bench: $(STAMP)
	$(PY) bench/table.py

# The OCR engines side by side (README, "Choices made by measurement"), and names in other scripts
# read by Tesseract's script models: installed here from Debian when root, else measured if present.
bench-ocr: $(STAMP)
	@[ -f /usr/share/tesseract-ocr/5/tessdata/Georgian.traineddata ] || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    tesseract-ocr tesseract-ocr-script-cyrl tesseract-ocr-script-grek tesseract-ocr-script-armn \
	    tesseract-ocr-script-geor >/dev/null)
	$(PY) bench/ocr_engines.py
	$(PY) bench/ocr_scripts.py

# What tests/typing_test.py holds the code to: ruff and mypy, configured in pyproject.toml.
lint: $(STAMP)
	$(PY) -m ruff check plugin tests bench
	$(PY) -m mypy

clean:
	rm -rf $(VENV) site_example/site reports .pytest_cache
