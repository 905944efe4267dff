# Sourced by scripts/demo, scripts/test and scripts/bench: installs what they need, only when missing.
# shellcheck shell=bash

SYSTEM_PACKAGES=(pkg-config libavformat-dev libavfilter-dev libswresample-dev libavcodec-dev libavutil-dev
  ffmpeg sox libsqlite3-dev postgresql python3-venv python3-jsonschema python3-yaml hyperfine time bc)
YTDLP_VERSION=2026.10.26

_apt_updated=0
ensure_system_packages() {
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "deps: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ "$_apt_updated" = 0 ]; then
    $sudo apt-get update -qq >&2
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_ytdlp() {
  local repo venv
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  venv="$repo/.venv-tools"
  if ! "$venv/bin/yt-dlp" --version 2>/dev/null | grep -qx "$YTDLP_VERSION"; then
    echo "deps: installing yt-dlp $YTDLP_VERSION into $venv" >&2
    /usr/bin/python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "yt-dlp==$YTDLP_VERSION" >&2
  fi
  export INTELLIMIX_YTDLP="$venv/bin/yt-dlp"
  export PATH="$venv/bin:$PATH"
}
