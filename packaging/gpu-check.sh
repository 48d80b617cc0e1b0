#!/usr/bin/env bash
# The GPU check: proves the CUDA backend on a real GPU, from a machine without one.
#
#   packaging/gpu-check.sh bundle [OUT.tar.xz]
#       On a build machine (no GPU needed): builds the CLI, the CUDA module and
#       the tests that exercise a GPU, and packs them with every library they
#       need that is not part of the C runtime or CUDA, plus the stories260K
#       fixtures, into one archive (default: build-gpu-check/gpu-check.tar.xz).
#       A GPU machine needs nothing but CUDA 13 (runtime, cuBLAS, NCCL, CUPTI)
#       and a driver: no Qt, Highway, ICU or network.
#
#   packaging/gpu-check.sh run BUNDLE.tar.xz [OUTDIR]
#       On the GPU machine: device query, the per-device op suite and the
#       GPU parity tests and the CUPTI self-test, CPU-vs-GPU greedy tokens and
#       a traced decode (its Chrome trace and the tracing overhead) on a
#       synthetic model, and
#       bench on synthetic 1b and 8b models (F16, Q8_0, Q4_0, generated there
#       by synth). Everything lands in OUTDIR (default: ./gpu-check-out):
#       summary.json, one log per step. Budget: under 7 minutes on an H100.
#       Environment: GPU_CHECK_SHAPES (default "1b 8b"), GPU_CHECK_DTYPES
#       (default "f16 q8_0 q4_0").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The tests that mean something on a GPU (each enumerates the registry's devices).
GPU_TESTS=(tst_devices tst_device_ops tst_device_residency tst_gpu_parity tst_gpu_spans)

# Libraries every Linux with CUDA has: never bundled. CUDA's own come from the
# GPU machine's toolkit, matching its driver.
SYSTEM_LIBS='^(linux-vdso|ld-linux|libc\.so|libm\.so|libpthread|libdl\.so|librt\.so|libcuda\.so|libcudart|libcublas|libnccl|libcupti|libnvrtc)'

bundle() {
  local out="${1:-$ROOT/build-gpu-check/gpu-check.tar.xz}"
  local build="${BUILD_DIR:-$ROOT/build}"
  local models="$ROOT/../shared/models"
  [ -f "$models/stories260K.gguf" ] || { echo "gpu-check: $models/stories260K.gguf is missing" >&2; exit 1; }
  command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || { echo "gpu-check: nvcc not found: the CUDA module cannot be built" >&2; exit 1; }

  # An existing build (the developer's, dev.sh's) is reused as configured.
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DINFERSCOPE_CUDA=ON \
      -DINFERSCOPE_BUILD_GUI=OFF >/dev/null
  fi
  cmake --build "$build" -j "${JOBS:-2}" --target inferscope-cli inferscope_cuda "${GPU_TESTS[@]}"

  local stage
  stage="$(mktemp -d)"
  trap 'rm -rf "$stage"' RETURN
  mkdir -p "$stage/gpu-check/bin" "$stage/gpu-check/lib" "$stage/gpu-check/models/golden"
  cp "$build/app/inferscope-cli" "$build/app/libinferscope-cuda.so" "$stage/gpu-check/bin/"
  for t in "${GPU_TESTS[@]}"; do cp "$build/tests/$t" "$stage/gpu-check/bin/"; done
  cp "$models/stories260K.gguf" "$stage/gpu-check/models/"
  cp "$models/golden/stories260K.greedy256.json" "$stage/gpu-check/models/golden/"
  cp "$ROOT/packaging/gpu-check.sh" "$stage/gpu-check/"
  # Every library the programs and the module need, minus the C runtime and CUDA.
  for f in "$stage"/gpu-check/bin/*; do ldd "$f"; done | awk '/=> \// {print $1, $3}' | sort -u |
    while read -r name path; do
      if ! [[ "$name" =~ $SYSTEM_LIBS ]]; then cp -L "$path" "$stage/gpu-check/lib/"; fi
    done
  git -C "$ROOT" rev-parse --short HEAD > "$stage/gpu-check/REVISION" 2>/dev/null || echo unknown > "$stage/gpu-check/REVISION"
  mkdir -p "$(dirname "$out")"
  tar -C "$stage" -cJf "$out" gpu-check
  echo "gpu-check: wrote $out ($(du -h "$out" | cut -f1)): $(ls "$stage/gpu-check/lib" | wc -l) libraries bundled"
}

# Directories of the CUDA libraries the module links, wherever this machine keeps them.
cuda_library_path() {
  local dirs=() lib
  for d in /usr/local/cuda/lib64 /usr/local/cuda/lib /usr/local/cuda/targets/x86_64-linux/lib; do
    [ -d "$d" ] && dirs+=("$d")
  done
  for lib in libnccl.so.2 libcupti.so.13 libcublas.so.13 libcudart.so.13; do
    if ! ldconfig -p 2>/dev/null | grep -q "$lib" && ! ls "${dirs[@]/%//$lib}" >/dev/null 2>&1; then
      local found
      found="$(find /usr /opt -name "$lib" -print -quit 2>/dev/null || true)"
      [ -n "$found" ] && dirs+=("$(dirname "$found")")
    fi
  done
  local IFS=:
  echo "${dirs[*]}"
}

# Runs one step with a time limit; its output goes to $OUTDIR/<name>.log and its status to the summary.
step() {
  local name="$1" limit="$2"
  shift 2
  local start end rc=0
  start=$(date +%s%N)
  timeout "$limit" "$@" >"$OUTDIR/$name.log" 2>&1 || rc=$?
  end=$(date +%s%N)
  printf '%s\t%s\t%s\n' "$name" "$rc" "$(( (end - start) / 1000000 ))" >>"$OUTDIR/steps.tsv"
  echo "gpu-check: $name: exit $rc"
  return 0
}

run_check() {
  local archive="$1"
  OUTDIR="$(mkdir -p "${2:-./gpu-check-out}" && cd "${2:-./gpu-check-out}" && pwd)"
  local work
  work="$(mktemp -d)"
  tar -C "$work" -xJf "$archive"
  local B="$work/gpu-check"
  export LD_LIBRARY_PATH="$B/lib:$(cuda_library_path)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export INFERSCOPE_CUDA_MODULE="$B/bin/libinferscope-cuda.so" INFERSCOPE_SHARED_MODELS="$B/models"
  export INFERSCOPE_CLI="$B/bin/inferscope-cli" QT_QPA_PLATFORM=offscreen CI=true
  local cli="$B/bin/inferscope-cli" models="$work/synth"
  mkdir -p "$models"
  : >"$OUTDIR/steps.tsv"

  step nvidia-smi 30 nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory --format=csv
  step devices 60 "$cli" devices --json
  for t in "${GPU_TESTS[@]}"; do
    step "$t" 180 "$B/bin/$t" -o "$OUTDIR/$t.txt,txt"
  done

  # CPU vs GPU greedy tokens on a synthetic model (random weights: near-ties
  # may part the two, so the agreement is reported, not asserted).
  printf '{"schema":"inferscope.profile/1","devices":{"gpus":[0]}}\n' >"$work/gpu.json"
  step synth-110m 120 "$cli" synth --shape 110m --dtype f32 --seed 1 --out "$models/110m-f32.gguf"
  step parity-cpu 120 "$cli" generate "$models/110m-f32.gguf" --prompt "Once upon a time" --max-tokens 64 --temperature 0 --json
  step parity-gpu 120 "$cli" generate "$models/110m-f32.gguf" --profile "$work/gpu.json" --prompt "Once upon a time" --max-tokens 64 --temperature 0 --json
  # A traced 32-token decode on the GPU: its Chrome trace (GPU lanes from CUPTI)
  # comes back for the Profile page, and the tracing overhead with the GPU's records.
  step trace-gpu 120 "$cli" generate "$models/110m-f32.gguf" --profile "$work/gpu.json" --prompt "Once upon a time" --max-tokens 32 --temperature 0 --trace "$OUTDIR/trace-gpu.json" --json
  step trace-overhead 240 "$cli" bench "$models/110m-f32.gguf" --device cuda:0 --trace-overhead -n 64 -r 3 --json
  rm -f "$models/110m-f32.gguf"

  for shape in ${GPU_CHECK_SHAPES:-1b 8b}; do
    for dtype in ${GPU_CHECK_DTYPES:-f16 q8_0 q4_0}; do
      local m="$models/$shape-$dtype.gguf"
      step "synth-$shape-$dtype" 240 "$cli" synth --shape "$shape" --dtype "$dtype" --seed 1 --out "$m"
      step "bench-$shape-$dtype" 240 "$cli" bench "$m" --device cuda:0 -p 512 -n 128 -r 3 --json
      rm -f "$m"
    done
  done
  summarize
  rm -rf "$work"
  echo "gpu-check: summary in $OUTDIR/summary.json"
}

# One JSON document from the step table and the JSON the steps printed.
summarize() {
  python3 - "$OUTDIR" <<'PY'
import json, os, sys
out = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(out, name + ".log")) as f:
            return json.load(f)
    except Exception:
        return None
steps = []
for line in open(os.path.join(out, "steps.tsv")):
    name, rc, ms = line.rstrip("\n").split("\t")
    steps.append({"step": name, "exit": int(rc), "seconds": int(ms) / 1000.0})
summary = {"steps": steps, "devices": load("devices")}
try:
    summary["gpu"] = open(os.path.join(out, "nvidia-smi.log")).read().strip().splitlines()
except Exception:
    pass
cpu, gpu = load("parity-cpu"), load("parity-gpu")
if cpu and gpu:
    a, b = cpu.get("tokens", []), gpu.get("tokens", [])
    same = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    summary["synthetic_parity"] = {"tokens": len(a), "identical_prefix": same}
benches = []
for s in steps:
    if s["step"].startswith("bench-"):
        b = load(s["step"])
        if not b:
            continue
        for r in b.get("results", []):
            benches.append({"model": s["step"][6:], "test": r["test"], "tok_s": r["mean_tok_s"],
                            "stddev": r["stddev_tok_s"], "roofline_pct": r.get("roofline_pct"),
                            "peak_roofline_pct": r.get("peak_roofline_pct")})
        summary.setdefault("bandwidth_gb_s", b.get("bandwidth_gb_s"))
        summary.setdefault("peak_bandwidth_gb_s", b.get("peak_bandwidth_gb_s"))
summary["bench"] = benches
overhead = load("trace-overhead")
if overhead:
    summary["trace_overhead"] = overhead
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2)
PY
}

case "${1:-}" in
  bundle) shift; bundle "$@" ;;
  run) shift; [ $# -ge 1 ] || { echo "usage: gpu-check.sh run BUNDLE.tar.xz [OUTDIR]" >&2; exit 2; }; run_check "$@" ;;
  *) echo "usage: packaging/gpu-check.sh bundle [OUT.tar.xz] | run BUNDLE.tar.xz [OUTDIR]" >&2; exit 2 ;;
esac
