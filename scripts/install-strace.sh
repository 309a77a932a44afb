#!/usr/bin/env bash
# Installs Debian's strace when missing: the durability test reads the order of the synclet's fsync
# and rename calls with it (a power cut cannot be made here). Needs root the first time.
set -euo pipefail

if ! command -v strace >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace >/dev/null
fi
