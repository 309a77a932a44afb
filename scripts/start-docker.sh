#!/usr/bin/env bash
# Makes sure a Docker engine runs: installs Debian's docker.io (and debootstrap, for the base images)
# when missing, starts dockerd when it is not answering, and waits until it does. Needs root.
set -euo pipefail

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd (log: /var/log/dotnet-live-dockerd.log)"
  nohup dockerd >/var/log/dotnet-live-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
fi

docker info --format 'docker engine {{.ServerVersion}} ({{.Driver}})'
