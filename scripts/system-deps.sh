#!/usr/bin/env bash
# Installs the Debian packages the project uses, only those missing. Needs root (CI and the
# development machines run as root); without root it says what is missing and carries on,
# and the tests that need a missing tool skip with that reason (under CI=true they fail).
set -euo pipefail
need=()
fc-list :lang=hi 2>/dev/null | grep -q . || need+=(fonts-noto-core fontconfig)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v curl >/dev/null || need+=(curl)  # the README's quick start (tests/e2e/test_quickstart.py)
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v amtool >/dev/null || need+=(prometheus-alertmanager)
# The console's browser tests and `make demo`'s screenshots: headless Chromium and its driver;
# npm installs axe-core for the accessibility checks (tests/browser/package-lock.json).
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v npm >/dev/null || need+=(nodejs npm)
# nginx: the reverse proxy of deploy/proxy/ is checked and run in front of a live service.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${need[*]} (install them with apt-get as root); continuing" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "system-deps: could not install ${need[*]}; tests that need them will skip (fail under CI=true)" >&2
# Debian starts a prometheus service on install where an init system runs; we start our own.
if command -v service >/dev/null; then
  service prometheus stop >/dev/null 2>&1 || true
  service prometheus-alertmanager stop >/dev/null 2>&1 || true
  service prometheus-node-exporter stop >/dev/null 2>&1 || true
  service nginx stop >/dev/null 2>&1 || true
fi
