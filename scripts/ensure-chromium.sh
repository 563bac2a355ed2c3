#!/usr/bin/env bash
# Debian's Chromium for the editor screenshots (test:ui). Browser builds are never downloaded.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
	echo "Chromium is missing: run 'sudo apt-get install -y chromium' (Debian) and retry." >&2
	exit 1
fi
echo "Installing Debian's chromium (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
chromium --version >&2
