#!/usr/bin/env bash
# Installs Debian's docker-compose when missing: the Compose tests start a project's other services
# with it, as a developer does (dotnet-live itself reads the Compose file and needs no compose CLI).
# Needs root the first time.
set -euo pipefail

if ! command -v docker-compose >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi

docker-compose version --short
