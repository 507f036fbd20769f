# shellcheck shell=bash
# OctoPrint for the replica printing tests (test/printing/octoprint*.test.ts, test/support/octoprint.ts).
# Sourced by scripts/bootstrap, which defines ok, doing, note, fail, summary, with_progress,
# ensure_cache and $CACHE; this file only defines ensure_octoprint and its helpers.
# OctoPrint 1.11 from PyPI into its own venv in the cache; the tests run it with its virtual
# printer (../shared/docs/peers.md, "OctoPrint"). Cached: a second run only checks `--version`.

OCTOPRINT_SPEC='octoprint>=1.11,<1.12'
OCTOPRINT_VENV="$CACHE/venv-octoprint"
OCTOPRINT_BIN="$OCTOPRINT_VENV/bin/octoprint"

# "1.11.8", or empty when it does not run (`octoprint --version` prints "octoprint, version 1.11.8").
# Never fails, so `v="$(octoprint_version)"` is safe under bootstrap's set -euo pipefail.
octoprint_version() {
  [[ -x "$OCTOPRINT_BIN" ]] || return 0
  { "$OCTOPRINT_BIN" --version 2>/dev/null || true; } | sed -n 's/.*version \([^ ]*\).*/\1/p' | head -n1
}

# A missing OctoPrint is fatal only where the tests must run (CI, or asked for).
octoprint_missing() {
  if [[ -n "${CI:-}" || -n "${SWAYBOT_REQUIRE_OCTOPRINT:-}" ]]; then fail "$1" "${@:2}"; fi
  note "$1 The OctoPrint tests (test/printing/octoprint*.test.ts) are skipped until it is installed."
  local line; for line in "${@:2}"; do note "$line"; done
  summary "OctoPrint" "missing"
}

ensure_octoprint() {
  local v
  v="$(octoprint_version)"
  if [[ -n "$v" ]]; then
    ok "OctoPrint $v (cached): $OCTOPRINT_BIN"
    summary "OctoPrint" "$v (cached)"
    return
  fi
  ensure_cache
  local hint="Install it yourself: python3 -m venv $OCTOPRINT_VENV && $OCTOPRINT_VENV/bin/pip install '$OCTOPRINT_SPEC'"
  # OctoPrint 1.11 supports Python 3.7 to 3.13.
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import sys; sys.exit(not ((3, 7) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
    octoprint_missing "OctoPrint 1.11 needs python3 between 3.7 and 3.13 (found: $(python3 --version 2>&1 || echo none))." "$hint"
    return
  fi
  # Debian's python3 lacks venv/ensurepip unless python3-venv is installed.
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    local pkgs="python3-venv python3-dev gcc"
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      doing "installing $pkgs from apt (log: $CACHE/apt-octoprint.log)"
      if ! with_progress "apt-get" "$CACHE/apt-octoprint.log" env DEBIAN_FRONTEND=noninteractive bash -c \
          "apt-get update && apt-get install -y --no-install-recommends $pkgs"; then
        tail -n 20 "$CACHE/apt-octoprint.log" >&2 || true
        octoprint_missing "apt-get install $pkgs failed (log: $CACHE/apt-octoprint.log)." "Install them yourself: sudo apt-get install -y $pkgs"
        return
      fi
    else
      octoprint_missing "python3 with its venv module is missing; OctoPrint needs it." "Install it: sudo apt-get install -y $pkgs, then re-run npm run bootstrap"
      return
    fi
  fi
  local log="$CACHE/pip-octoprint.log"
  doing "installing $OCTOPRINT_SPEC into $OCTOPRINT_VENV (pip, ~50 packages, about a minute; log: $log)"
  # A half-finished venv fails the --version check above, so it is rebuilt from scratch.
  rm -rf "$OCTOPRINT_VENV"
  if ! with_progress "pip install octoprint" "$log" bash -c \
      "python3 -m venv '$OCTOPRINT_VENV' && '$OCTOPRINT_VENV/bin/pip' install --disable-pip-version-check '$OCTOPRINT_SPEC'"; then
    tail -n 20 "$log" >&2 || true
    local extra=''
    # netifaces may build from its sdist, which needs a C compiler and Python's headers.
    if grep -qi 'netifaces\|Python.h\|gcc' "$log"; then extra=' A dependency compiles from source: install gcc and python3-dev (sudo apt-get install -y gcc python3-dev).'; fi
    octoprint_missing "pip install octoprint failed (log: $log).$extra" "$hint"
    return
  fi
  v="$(octoprint_version)"
  if [[ -z "$v" ]]; then
    octoprint_missing "OctoPrint was installed but does not run ($OCTOPRINT_BIN --version failed; log: $log)." "Remove $OCTOPRINT_VENV and re-run npm run bootstrap"
    return
  fi
  ok "OctoPrint $v installed: $OCTOPRINT_BIN"
  summary "OctoPrint" "$v (installed)"
}
