#!/usr/bin/env bash
# Installs Debian's Chromium when missing: the browser tests drive it through Playwright
# (tests/DotnetLive.Tests/Browser), whose own browser download cannot run here. Needs root the first time.
set -euo pipefail

if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

chromium --version
