#!/usr/bin/env bash
# The test command: a Docker engine and the local base images, then every test (none is skipped).
# Needs root on a fresh machine (apt-get, dockerd); later runs find both in place and start at once.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/start-docker.sh
scripts/make-base-images.sh
dotnet test DotnetLive.sln "$@"
