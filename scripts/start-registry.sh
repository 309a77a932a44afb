#!/usr/bin/env bash
# Makes sure a container registry answers on 127.0.0.1:5000 for the Kubernetes target's tests: Debian's
# docker-registry (the CNCF distribution registry), loopback only, no htpasswd, storage under
# /var/lib/dotnet-live-registry. Docker treats 127.0.0.0/8 registries as insecure by default, as the
# SDK's container publishing does, so no daemon setting is needed. Needs root.
set -euo pipefail

address=127.0.0.1:5000
if curl -fsS "http://$address/v2/" >/dev/null 2>&1; then
  echo "registry answering on $address"
  exit 0
fi

if ! command -v docker-registry >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi

config=/etc/dotnet-live/registry.yml
mkdir -p "$(dirname "$config")" /var/lib/dotnet-live-registry
cat >"$config" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /var/lib/dotnet-live-registry
  delete:
    enabled: true
http:
  addr: $address
YAML

echo "starting docker-registry on $address (log: /var/log/dotnet-live-registry.log)"
nohup docker-registry serve "$config" >/var/log/dotnet-live-registry.log 2>&1 &
for _ in $(seq 1 60); do
  curl -fsS "http://$address/v2/" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://$address/v2/" >/dev/null || { echo "docker-registry did not answer on $address; see /var/log/dotnet-live-registry.log" >&2; exit 1; }
echo "registry answering on $address"
