#!/usr/bin/env bash
# The test command: Mono, Chromium, docker-compose, strace, a Docker engine, a registry on 127.0.0.1:5000 and the local base images, then
# every test (the real-cluster suite only runs when DOTNET_LIVE_TEST_KUBECONFIG names a kubeconfig).
# Needs root on a fresh machine (apt-get, dockerd); later runs find both in place and start at once.
set -euo pipefail
cd "$(dirname "$0")/.."

# Hot Reload tests run the SDK's dotnet watch, whose file watcher takes about 50 inotify instances;
# Debian's default of 128 per user is too few next to the tool's own watchers and the test host's.
if [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sysctl -q -w fs.inotify.max_user_instances=1024
  else
    echo "test.sh: fs.inotify.max_user_instances is below 1024; run 'sudo sysctl -w fs.inotify.max_user_instances=1024' first" >&2
  fi
fi

scripts/install-mono.sh
scripts/install-chromium.sh
scripts/install-compose.sh
scripts/install-strace.sh
scripts/start-docker.sh
scripts/start-registry.sh
scripts/make-base-images.sh
dotnet test DotnetLive.sln "$@"
