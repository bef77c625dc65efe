#!/usr/bin/env bash
# Installs the Debian packages the test suite (and, with COOPWATCH_BENCH=1, the benchmarks) need,
# only those that are missing.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# the dashboard's browser tests drive Debian's Chromium through Playwright (no downloaded browser)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# the report: CJK fonts for WeasyPrint and vl-convert, pdftotext/pdftoppm for its tests
fc-list 2>/dev/null | grep -q "Noto Sans CJK SC" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# `make bench` only: wrk, the load generator of bench_api.py (C: it leaves the cores to the server)
if [ "${COOPWATCH_BENCH:-}" = 1 ]; then command -v wrk >/dev/null 2>&1 || need+=(wrk); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
