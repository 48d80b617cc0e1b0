#!/usr/bin/env bash
# InferScope developer entry point (Debian 12).
#   packaging/dev.sh run    install dependencies, build, launch on the default model
#   packaging/dev.sh test   install dependencies, build, run the whole test suite (CTest); with
#                           SANITIZE=1 (the default under CI=true) also the sanitizer configuration
#                           and the ThreadSanitizer one (`tsan`)
#   packaging/dev.sh sanitize   the sanitizer configuration: the suite under AddressSanitizer +
#                           UndefinedBehaviorSanitizer (clang) and a smoke run of every fuzz target
#   packaging/dev.sh tsan   the tests whose code runs on several threads (thread pool, device
#                           workers, tracer, scheduler, cancellation) under ThreadSanitizer (clang)
#   packaging/dev.sh fuzz TARGET [SECONDS]   one fuzz target (gguf, llama2c, hf, profile, workload,
#                           tokenizer) for longer, corpus kept in build-sanitize/fuzz-corpus/TARGET
#   packaging/dev.sh fuzz-long TARGET [RUNS]   a long campaign outside CI: RUNS executions (default
#                           10000000) of one target built for speed (clang, libFuzzer instrumentation,
#                           -O2, no sanitizer) in build-fuzz/; log, corpus and crashing inputs kept
#                           in build-fuzz/campaign/ (replay a crash under `fuzz`'s sanitizer build)
#   packaging/dev.sh package   build, then the Debian packages into BUILD_DIR/packages (cpack -G DEB)
#   packaging/dev.sh deps   only install the Debian packages the build needs
#   packaging/dev.sh build  only configure and build
# Environment: BUILD_DIR (default: build), INFERSCOPE_CUDA (AUTO|ON|OFF, default AUTO),
#              JOBS (default 2), CMAKE_BUILD_TYPE (default Release), SANITIZE (1|0: whether `test`
#              runs the sanitizer configuration too; default 1 under CI=true, else 0),
#              SANITIZE_BUILD_DIR (default build-sanitize), TSAN_BUILD_DIR (default build-tsan),
#              FUZZ_SECONDS (each target's smoke run:
#              default 45, 30 under CI=true).
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
  qt6-l10n-tools qt6-tools-dev qt6-translations-l10n fonts-noto-cjk
  libhwy-dev nlohmann-json3-dev libicu-dev
  xvfb xauth
  clang libclang-rt-14-dev
  dpkg-dev desktop-file-utils appstream
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

SANITIZE_BUILD_DIR="${SANITIZE_BUILD_DIR:-$ROOT/build-sanitize}"
# CI runs the sanitizer configuration as its second configuration, with shorter fuzz smoke runs.
if [ "${CI:-}" = "true" ]; then
  SANITIZE="${SANITIZE:-1}"
  FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
fi
FUZZ_TARGETS=(gguf llama2c hf profile workload tokenizer)

build_sanitized() {
  # No workbench (and -O1, see CMakeLists.txt): this configuration's build time
  # comes on top of the main one in CI; the workbench's tests run in the main one.
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$SANITIZE_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINFERSCOPE_CUDA=OFF -DINFERSCOPE_BUILD_GUI=OFF -DINFERSCOPE_SANITIZE=address,undefined -DINFERSCOPE_FUZZ=ON \
    >/dev/null
  cmake --build "$SANITIZE_BUILD_DIR" -j "$JOBS"
}

# Seeds written by the project's own code, plus the example profiles.
fuzz_corpus() {
  local corpus="$SANITIZE_BUILD_DIR/fuzz-corpus"
  if [ ! -d "$corpus/gguf" ]; then
    "$SANITIZE_BUILD_DIR/tests/fuzz/fuzz_seeds" "$corpus"
    cp "$ROOT"/resources/profiles/*.json "$corpus/profile/"
  fi
  echo "$corpus"
}

fuzz_one() {
  local target="$1" seconds="$2" corpus rc=0
  corpus="$(fuzz_corpus)"
  local log="$SANITIZE_BUILD_DIR/fuzz-$target.log"
  mkdir -p "$SANITIZE_BUILD_DIR/fuzz-crashes"
  echo "dev.sh: fuzz_$target for ${seconds}s"
  "$SANITIZE_BUILD_DIR/tests/fuzz/fuzz_$target" "$corpus/$target" -max_total_time="$seconds" -max_len=1048576 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$SANITIZE_BUILD_DIR/fuzz-crashes/$target-" \
    >"$log" 2>&1 || rc=$?
  grep -E "^stat::(number_of_executed_units|new_units_added)" "$log" || true
  if [ "$rc" -ne 0 ]; then
    tail -60 "$log"
    echo "dev.sh: fuzz_$target failed (exit $rc); the input is in $SANITIZE_BUILD_DIR/fuzz-crashes/" >&2
    return "$rc"
  fi
}

# Long campaigns: no sanitizer (several times the executions per second of the
# instrumented build), the small seeds only (the large ones are for the smoke runs).
FUZZ_LONG_DIR="${FUZZ_LONG_DIR:-$ROOT/build-fuzz}"
fuzz_long() {
  local target="$1" runs="$2" dir="$FUZZ_LONG_DIR/campaign" rc=0
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_LONG_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINFERSCOPE_CUDA=OFF -DINFERSCOPE_BUILD_GUI=OFF -DINFERSCOPE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$FUZZ_LONG_DIR" -j "$JOBS" --target "fuzz_$target" fuzz_seeds
  mkdir -p "$dir/crashes"
  if [ ! -d "$dir/corpus/$target" ]; then
    "$FUZZ_LONG_DIR/tests/fuzz/fuzz_seeds" "$dir/seeds" >/dev/null
    mkdir -p "$dir/corpus/$target"
    find "$dir/seeds/$target" -type f -size -64k -exec cp {} "$dir/corpus/$target/" \;
    [ "$target" != profile ] || cp "$ROOT"/resources/profiles/*.json "$dir/corpus/profile/"
  fi
  echo "dev.sh: fuzz_$target for $runs executions (log: $dir/$target.log)"
  "$FUZZ_LONG_DIR/tests/fuzz/fuzz_$target" "$dir/corpus/$target" -runs="$runs" -max_len=65536 -rss_limit_mb=4096 \
    -timeout=20 -print_final_stats=1 -artifact_prefix="$dir/crashes/$target-" >"$dir/$target.log" 2>&1 || rc=$?
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)" "$dir/$target.log" || true
  if [ "$rc" -ne 0 ]; then
    tail -40 "$dir/$target.log"
    echo "dev.sh: fuzz_$target failed (exit $rc); the input is in $dir/crashes/" >&2
    return "$rc"
  fi
}

# ThreadSanitizer: only the engine-level tests whose code runs on several
# threads (the workbench's tests are left out: Debian's Qt is not built with
# TSan, see README). Every report fails its test. ignore_noninstrumented_modules:
# accesses made inside Qt's own libraries (Qt Test's watchdog thread, synchronised
# with futexes TSan cannot see) are not checked; all of our code is.
TSAN_BUILD_DIR="${TSAN_BUILD_DIR:-$ROOT/build-tsan}"
TSAN_TESTS=(tst_ops tst_split tst_trace tst_scheduler tst_generate tst_load_cancel)

run_tsan() {
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$TSAN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINFERSCOPE_CUDA=OFF -DINFERSCOPE_BUILD_GUI=OFF -DINFERSCOPE_SANITIZE=thread >/dev/null
  cmake --build "$TSAN_BUILD_DIR" -j "$JOBS" --target "${TSAN_TESTS[@]}"
  local pattern
  pattern="/($(IFS='|'; echo "${TSAN_TESTS[*]}"))\$"
  (cd "$TSAN_BUILD_DIR" && QT_QPA_PLATFORM=offscreen QTEST_FUNCTION_TIMEOUT=1800000 \
     TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1 ctest --output-on-failure -j "$JOBS" -R "$pattern")
}

run_sanitized() {
  build_sanitized
  # The 8B synthetic model is written by the main configuration already.
  # Instrumented code runs a few times slower: Qt Test's per-function limit is raised.
  (cd "$SANITIZE_BUILD_DIR" && INFERSCOPE_TEST_SYNTH_8B=0 QT_QPA_PLATFORM=offscreen QTEST_FUNCTION_TIMEOUT=1800000 \
     ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     LSAN_OPTIONS=suppressions="$ROOT/packaging/lsan.supp" ctest --output-on-failure -j "$JOBS")
  for t in "${FUZZ_TARGETS[@]}"; do fuzz_one "$t" "${FUZZ_SECONDS:-45}"; done
}

case "${1:-}" in
  deps) install_deps ;;
  build) install_deps; build ;;
  run) shift; install_deps; build; run "$@" ;;
  test) install_deps; build; run_tests; if [ "${SANITIZE:-0}" = 1 ]; then run_sanitized; run_tsan; fi ;;
  sanitize) install_deps; run_sanitized ;;
  tsan) install_deps; run_tsan ;;
  fuzz-long) shift; [ $# -ge 1 ] || { echo "usage: packaging/dev.sh fuzz-long TARGET [RUNS]" >&2; exit 2; }
        install_deps; fuzz_long "$1" "${2:-10000000}" ;;
  package) install_deps; build; (cd "$BUILD_DIR" && cpack -G DEB) ;;
  fuzz) shift; [ $# -ge 1 ] || { echo "usage: packaging/dev.sh fuzz TARGET [SECONDS]" >&2; exit 2; }
        install_deps; build_sanitized; fuzz_one "$1" "${2:-600}" ;;
  *) echo "usage: packaging/dev.sh run|test|sanitize|tsan|fuzz|fuzz-long|package|build|deps" >&2; exit 2 ;;
esac
