#!/usr/bin/env bash
# Makes the .NET base images the Docker target and its tests use, from Debian and this machine's own
# .NET runtime, because no public registry can be reached here. They are tagged like the images they
# stand for:
#   mcr.microsoft.com/dotnet/aspnet:10.0, mcr.microsoft.com/dotnet/runtime:10.0   root, with a shell
#   mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled                            uid 1654, no shell, no tar
#   mcr.microsoft.com/dotnet/sdk:10.0                                              root, the whole SDK (build in the cluster)
# (Debian bookworm underneath, not Ubuntu: what matters to dotnet-live is the user and the absence of
# a shell.) Images this version of the script made are kept; pass --force to make them again.
set -euo pipefail

version=10.0
aspnet=mcr.microsoft.com/dotnet/aspnet:$version
runtime=mcr.microsoft.com/dotnet/runtime:$version
chiseled=mcr.microsoft.com/dotnet/aspnet:$version-noble-chiseled
sdk=mcr.microsoft.com/dotnet/sdk:$version
dotnet_root=${DOTNET_ROOT:-/usr/share/dotnet}
cache=${DOTNET_LIVE_ROOTFS_CACHE:-/var/cache/dotnet-live/bookworm-minbase}

force=${1:-}

# Each image is made when missing, or made by an older version of this script (all of them with --force).
current() { docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" 2>/dev/null | grep -q '^APP_UID=1654$'; }
missing() { [[ "$force" == "--force" ]] || ! current "$1"; }

if ! missing "$aspnet" && ! missing "$runtime" && ! missing "$chiseled" && ! missing "$sdk"; then
  echo "base images present: $aspnet, $runtime, $chiseled, $sdk"
  exit 0
fi

if [[ ! -x "$cache/usr/bin/env" ]]; then
  echo "debootstrap bookworm (minbase) into $cache ..."
  rm -rf "$cache.tmp"
  mkdir -p "$(dirname "$cache")"
  debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates,tzdata bookworm "$cache.tmp" http://deb.debian.org/debian >/dev/null
  rm -rf "$cache.tmp/var/cache/apt/archives"/*.deb "$cache.tmp/var/lib/apt/lists"/*
  mv "$cache.tmp" "$cache"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The runtime this machine's SDK runs on: host + Microsoft.NETCore.App + Microsoft.AspNetCore.App.
make_root() {
  local root=$1
  cp -a "$cache" "$root"
  mkdir -p "$root/usr/share/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$root/usr/share/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$root/usr/share/dotnet/shared/"
  ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
  # The official images' non-root user.
  echo "app:x:1654:1654::/home/app:/usr/sbin/nologin" >> "$root/etc/passwd"
  echo "app:x:1654:" >> "$root/etc/group"
  mkdir -p "$root/home/app" && chown 1654:1654 "$root/home/app"
}

# APP_UID: the official images' variable for their non-root user (Visual Studio's Dockerfiles say `USER $APP_UID`).
common=(-c 'ENV APP_UID=1654' -c 'ENV ASPNETCORE_HTTP_PORTS=8080' -c 'ENV DOTNET_RUNNING_IN_CONTAINER=true' -c 'ENV DOTNET_ROOT=/usr/share/dotnet' -c 'WORKDIR /app')

if missing "$aspnet" || missing "$runtime"; then
  make_root "$work/full"
  tar -C "$work/full" -c . | docker import "${common[@]}" - "$aspnet" >/dev/null
  docker tag "$aspnet" "$runtime"
  rm -rf "$work/full"
  echo "made $aspnet and $runtime"
fi

if missing "$chiseled"; then
  make_root "$work/chiseled"
  # Like a chiseled image: no shell, no package manager, no tar.
  rm -f "$work/chiseled"/bin/{sh,bash,dash,tar} "$work/chiseled"/usr/bin/{sh,bash,dash,tar,apt,apt-get,dpkg}
  tar -C "$work/chiseled" -c . | docker import "${common[@]}" -c 'USER 1654' - "$chiseled" >/dev/null
  rm -rf "$work/chiseled"
  echo "made $chiseled"
fi

if missing "$sdk"; then
  # The SDK image: the same root with this machine's whole .NET installation (SDK, packs, runtimes).
  make_root "$work/sdk"
  cp -a "$dotnet_root"/. "$work/sdk/usr/share/dotnet/"
  # Restore in the container reaches NuGet as this machine does: trust the CAs this machine trusts
  # (here an egress proxy's; on a developer's machine, a corporate one).
  cp /etc/ssl/certs/ca-certificates.crt "$work/sdk/etc/ssl/certs/ca-certificates.crt"
  tar -C "$work/sdk" -c . | docker import "${common[@]}" -c 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' -c 'ENV DOTNET_NOLOGO=1' -c 'ENV DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1' - "$sdk" >/dev/null
  rm -rf "$work/sdk"
  echo "made $sdk"
fi
