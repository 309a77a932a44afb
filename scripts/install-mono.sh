#!/usr/bin/env bash
# Installs Debian's Mono when missing: the LiveDeploy tests run MSBuild's .NET Framework engine
# (Visual Studio's MSBuild) in it (tests/DotnetLive.FrameworkMSBuild). Needs root the first time.
set -euo pipefail

if ! command -v mono >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mono-complete >/dev/null
fi

mono --version | head -1
