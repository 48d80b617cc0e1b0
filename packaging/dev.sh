#!/usr/bin/env bash
# InferScope developer entry point (Debian 12).
#   packaging/dev.sh run    install dependencies, build, launch on the default model
#   packaging/dev.sh test   install dependencies, build, run the whole test suite (CTest)
#   packaging/dev.sh deps   only install the Debian packages the build needs
#   packaging/dev.sh build  only configure and build
# Environment: BUILD_DIR (default: build), INFERSCOPE_CUDA (AUTO|ON|OFF, default AUTO),
#              JOBS (default 2), CMAKE_BUILD_TYPE (default Release).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${JOBS:-2}"
BUILD_TYPE="${CMAKE_BUILD_TYPE:-Release}"
CUDA_MODE="${INFERSCOPE_CUDA:-AUTO}"

# Every third-party dependency comes from Debian's archive.
PACKAGES=(
  cmake ninja-build g++ pkg-config git
  qt6-base-dev qt6-base-dev-tools libgl-dev libqcustomplot-dev
  libhwy-dev nlohmann-json3-dev libicu-dev
  xvfb xauth
)

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "dev.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DINFERSCOPE_CUDA="$CUDA_MODE" >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

default_model() {
  if [ -n "${INFERSCOPE_MODEL:-}" ] && [ -f "$INFERSCOPE_MODEL" ]; then
    echo "$INFERSCOPE_MODEL"
  elif [ -f "$ROOT/../shared/models/stories260K.gguf" ]; then
    echo "$ROOT/../shared/models/stories260K.gguf"
  else
    # No model anywhere: make a small deterministic synthetic one.
    local synth="$BUILD_DIR/models/synth-tiny.gguf"
    if [ ! -f "$synth" ]; then
      mkdir -p "$(dirname "$synth")"
      "$BUILD_DIR/app/inferscope-cli" synth --shape tiny --dtype f32 --seed 1 --out "$synth" >&2
    fi
    echo "$synth"
  fi
}

run() {
  local model
  model="$(default_model)"
  if [ ! -x "$BUILD_DIR/app/inferscope" ]; then
    exec "$BUILD_DIR/app/inferscope-cli" generate "$model" --prompt "Once upon a time" --max-tokens 64 "$@"
  fi
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    # A headless machine cannot show the window: render every page instead and
    # stream a generation in the terminal, so the command still shows the engine at work.
    echo "dev.sh: no display found; rendering the workbench pages to $BUILD_DIR/screenshots" >&2
    QT_QPA_PLATFORM=offscreen "$BUILD_DIR/app/inferscope" --screenshot "$BUILD_DIR/screenshots" "$model"
    exec "$BUILD_DIR/app/inferscope-cli" generate "$model" --prompt "Once upon a time" --max-tokens 64
  fi
  exec "$BUILD_DIR/app/inferscope" "$model" "$@"
}

run_tests() {
  if [ "${CI:-}" = "true" ] && [ ! -d "$ROOT/../shared/models" ]; then
    echo "dev.sh: error: ../shared/models is missing; the test suite needs it under CI" >&2
    exit 1
  fi
  cd "$BUILD_DIR"
  QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$JOBS"
}

case "${1:-}" in
  deps) install_deps ;;
  build) install_deps; build ;;
  run) shift; install_deps; build; run "$@" ;;
  test) install_deps; build; run_tests ;;
  *) echo "usage: packaging/dev.sh run|test|build|deps" >&2; exit 2 ;;
esac
