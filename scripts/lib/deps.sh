# Sourced by scripts/demo, scripts/test and scripts/bench: installs what they need, only when
# it is missing, so a second run costs well under a second. It does not change the shell
# options of the script that sources it.
#
#   ensure_system_packages  the Debian packages below (apt-get, noninteractive)
#   ensure_ytdlp            a pinned yt-dlp in $REPO/.venv-tools; exports INTELLIMIX_YTDLP
#                           and puts it first on PATH
# shellcheck shell=bash

# The Debian packages the build, the tests and the demo need: FFmpeg and Rubber Band (time
# stretching) for the build, python3-mir-eval to cross-check the analysis metrics in tests,
# python3-numpy for the musical test songs (scripts/make-lyric-songs --musical). The last five
# are for scripts/bench (hyperfine, /usr/bin/time, bc, python3-yaml and wrk).
INTELLIMIX_SYSTEM_PACKAGES=(
  pkg-config libavformat-dev libswresample-dev libavcodec-dev libavutil-dev
  librubberband-dev
  ffmpeg sox espeak-ng libsqlite3-dev postgresql python3-venv python3-jsonschema python3-mir-eval
  python3-numpy
  hyperfine time bc python3-yaml wrk iproute2 curl
)

# yt-dlp is pinned: the newest release on PyPI when this was written.
INTELLIMIX_YTDLP_VERSION=2026.10.26

_deps_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
_deps_apt_updated=0

_deps_log() { printf 'deps: %s\n' "$*" >&2; }

# _deps_as_root CMD...: runs CMD as root (directly, or with sudo when not root).
_deps_as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    _deps_log "need root (or sudo) to run: $*"
    return 1
  fi
}

# _deps_installed PKG: whether the Debian package PKG is installed.
_deps_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

# ensure_system_packages: installs those of INTELLIMIX_SYSTEM_PACKAGES that are missing;
# runs `apt-get update` at most once per shell, and only when something is missing.
ensure_system_packages() {
  local missing=() pkg
  for pkg in "${INTELLIMIX_SYSTEM_PACKAGES[@]}"; do
    _deps_installed "$pkg" || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    _deps_log "system packages: all present"
    return 0
  fi
  _deps_log "system packages: installing ${missing[*]}"
  if [[ $_deps_apt_updated -eq 0 ]]; then
    _deps_log "running apt-get update"
    _deps_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    _deps_apt_updated=1
  fi
  # Everything goes to stderr: the scripts keep stdout for their results.
  _deps_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 "${missing[@]}" >&2 || return 1
  _deps_log "system packages: installed ${#missing[@]}"
}

# ensure_ytdlp: installs yt-dlp $INTELLIMIX_YTDLP_VERSION into $REPO/.venv-tools (a virtual
# environment, gitignored) unless it is there already, then exports INTELLIMIX_YTDLP (its
# absolute path) and puts the venv's bin folder first on PATH.
ensure_ytdlp() {
  local venv="$_deps_repo/.venv-tools" python=/usr/bin/python3
  [[ -x $python ]] || python=$(command -v python3) || { _deps_log "python3 not found"; return 1; }
  if [[ -x $venv/bin/yt-dlp ]] && compgen -G "$venv/lib/python3*/site-packages/yt_dlp-$INTELLIMIX_YTDLP_VERSION.dist-info" >/dev/null \
    && "$venv/bin/python" -c '' 2>/dev/null; then
    _deps_log "yt-dlp $INTELLIMIX_YTDLP_VERSION: present in $venv"
  else
    if [[ -d $venv ]] && ! "$venv/bin/python" -c '' 2>/dev/null; then
      _deps_log "removing the broken virtual environment $venv"
      rm -rf "$venv"
    fi
    if [[ ! -x $venv/bin/python ]]; then
      _deps_log "creating the virtual environment $venv"
      "$python" -m venv "$venv" >&2 || return 1
    fi
    _deps_log "installing yt-dlp $INTELLIMIX_YTDLP_VERSION into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      "yt-dlp==$INTELLIMIX_YTDLP_VERSION" >&2 || return 1
  fi
  export INTELLIMIX_YTDLP="$venv/bin/yt-dlp"
  case ":$PATH:" in
    *":$venv/bin:"*) ;;
    *) export PATH="$venv/bin:$PATH" ;;
  esac
}
