#!/usr/bin/env bash
# Debian packages the portal needs beyond Python: Pango for WeasyPrint, CJK fonts for PDFs,
# poppler-utils to read PDFs back in tests, Chromium for browser tests, gettext for messages.
# Installs only what is missing; needs root (or sudo) and apt-get. `--browser` adds Chromium.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk poppler-utils gettext)
[[ "${1:-}" == "--browser" ]] && packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Please install: ${missing[*]} (no apt-get on this machine)" >&2; exit 1
fi
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
