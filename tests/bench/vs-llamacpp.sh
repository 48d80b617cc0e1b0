#!/usr/bin/env bash
# Side by side with llama.cpp on the same files: prefill / decode speed and the
# perplexity deviation of quantized weights from the exact product.
#
#   tests/bench/vs-llamacpp.sh LLAMA_CPP_BIN_DIR [--cli PATH] [--work DIR] [--threads N] [-r N]
#                              [--quick] [--only speed|fidelity] [--depth D] [--ppl-model F32.gguf] [--text FILE]
#
# LLAMA_CPP_BIN_DIR holds an existing llama.cpp build's llama-bench, llama-quantize
# and llama-perplexity (and its shared libraries). Nothing of llama.cpp is part
# of InferScope: this script only runs the two tools one after the other.
#
# Speed: `synth` writes 110m-shaped F32/Q8_0/Q4_0 and 1b-shaped Q8_0/Q4_0 files
# and llama-quantize makes a Q4_K_M file of each shape and 110m Q3_K_M and Q2_K files (--quick: 110m
# only); each file is measured by `inferscope-cli bench -o jsonl`
# and `llama-bench -o jsonl` (pp512, tg128, same thread count), alternating so
# both see the same machine state, and the ratios are printed with decode's
# share of the memory roofline InferScope measured. Long context: the 110m
# Q8_0 and Q4_0 files (and 1b Q4_0) again with D tokens already in the cache
# (pp512 and tg32 @ dD, default 2048; --depth 0 skips it), both tools on an
# fp16 KV cache (llama-bench's default).
#
# Fidelity: a trained F32 model (default: stories260K from the shared models)
# is quantized by llama-quantize to Q8_0 and Q4_0 (ffn_down kept F32); the "exact product" is the
# same quantized weights expanded to F32 (`inferscope-cli export-model --weights
# f32`). Each tool's perplexity (llama.cpp's protocol, 128-token windows) on the
# quantized file relative to its own on the exact file is the deviation the
# quantized arithmetic adds; the mean KL divergence of the two runs' next-token
# distributions measures the same with far less noise than a perplexity ratio.
set -euo pipefail

die() { echo "vs-llamacpp: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")/../.." && pwd)
[[ $# -ge 1 ]] || die "usage: $0 LLAMA_CPP_BIN_DIR [--cli PATH] [--work DIR] [--threads N] [-r N] [--quick] [--depth D] [--ppl-model F] [--text F]"
llama=$(cd "$1" && pwd); shift
cli="$here/build/app/inferscope-cli"
work=""
threads=$(nproc)
reps=3
quick=0
only=""
depth=2048
pplModel="$here/../shared/models/stories260K.gguf"
text="$here/resources/eval/stories.txt"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cli) cli=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        -r) reps=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        --only) only=$2; shift 2 ;;
        --depth) depth=$2; shift 2 ;;
        --ppl-model) pplModel=$2; shift 2 ;;
        --text) text=$2; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done
for tool in llama-bench llama-quantize llama-perplexity; do
    [[ -x "$llama/$tool" ]] || die "$llama/$tool not found (build the llama.cpp targets first)"
done
[[ -x "$cli" ]] || die "$cli not found (build InferScope first, or give --cli)"
command -v python3 >/dev/null || die "python3 is needed to read the JSON records"
export LD_LIBRARY_PATH="$llama${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [[ -z "$work" ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

[[ -z "$only" || "$only" == speed || "$only" == fidelity ]] || die "--only takes speed or fidelity"

# ---- speed -------------------------------------------------------------------
if [[ "$only" != fidelity ]]; then
files=(110m:f32 110m:q8_0 110m:q4_0 110m:q4_k_m 110m:q3_k_m 110m:q2_k)
[[ $quick == 1 ]] || files+=(1b:q8_0 1b:q4_0 1b:q4_k_m)
records="$work/records.jsonl"
: > "$records"
for spec in "${files[@]}"; do
    shape=${spec%%:*}; dtype=${spec##*:}
    file="$work/$shape-$dtype.gguf"
    if [[ ! -f "$file" && $dtype == q[2-6]_k* ]]; then
        # The K-quant mixes downloaded models use (Q4_K_M: Q4_K with Q6_K for
        # some matrices; Q3_K_M; Q2_K): llama-quantize makes them from the
        # shape's F32 file (110m) or, where that would be large, from its Q8_0 file (1b).
        srcType=q8_0
        [[ $shape == 110m ]] && srcType=f32
        src=$work/$shape-$srcType.gguf
        [[ -f "$src" ]] || "$cli" synth --shape "$shape" --dtype "$srcType" --seed 1 --out "$src" >/dev/null
        "$llama/llama-quantize" --allow-requantize "$src" "$file" "${dtype^^}" >/dev/null 2>&1 ||
            die "llama-quantize ${dtype^^} failed"
    fi
    [[ -f "$file" ]] || "$cli" synth --shape "$shape" --dtype "$dtype" --seed 1 --out "$file" >/dev/null
    echo "measuring $shape $dtype ..." >&2
    "$cli" bench "$file" -p 512 -n 128 -r "$reps" --threads "$threads" --ctx 1024 -o jsonl |
        sed "s/^{/{\"tool\":\"inferscope\",\"file\":\"$shape $dtype\",/" >> "$records"
    "$llama/llama-bench" -m "$file" -p 512 -n 128 -r "$reps" -t "$threads" -o jsonl 2>/dev/null |
        sed "s/^{/{\"tool\":\"llama.cpp\",\"file\":\"$shape $dtype\",/" >> "$records"
done
deep=()
if [[ $depth -gt 0 ]]; then
    deep=(110m:q8_0 110m:q4_0)
    [[ $quick == 1 ]] || deep+=(1b:q4_0)
fi
for spec in "${deep[@]}"; do
    shape=${spec%%:*}; dtype=${spec##*:}
    file="$work/$shape-$dtype.gguf"
    echo "measuring $shape $dtype at depth $depth ..." >&2
    "$cli" bench "$file" -p 512 -n 32 -d "$depth" -r "$reps" --threads "$threads" --ctx $((depth + 1024)) \
        --kv-type f16 -o jsonl | sed "s/^{/{\"tool\":\"inferscope\",\"file\":\"$shape $dtype\",/" >> "$records"
    "$llama/llama-bench" -m "$file" -p 512 -n 32 -d "$depth" -r "$reps" -t "$threads" -o jsonl 2>/dev/null |
        sed "s/^{/{\"tool\":\"llama.cpp\",\"file\":\"$shape $dtype\",/" >> "$records"
done

python3 - "$records" "$threads" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    kind = "pp" if r["n_prompt"] > 0 else "tg"
    rows.setdefault(r["n_depth"], {}).setdefault(r["file"], {})[(r["tool"], kind)] = r
for depth, files in sorted(rows.items()):
    first = next(iter(files.values()))
    n = {kind: next((r["n_prompt"] or r["n_gen"] for (tool, k), r in first.items() if k == kind), 0)
         for kind in ("pp", "tg")}
    at = f" @ d{depth}" if depth else ""
    cache = f", depth {depth}, fp16 KV cache both" if depth else ""
    print(f"\nspeed, {sys.argv[2]} threads{cache} (tokens/s; ratio = InferScope / llama.cpp)\n")
    print(f"| file | InferScope pp{n['pp']}{at} | llama.cpp | ratio | InferScope tg{n['tg']}{at} | llama.cpp | ratio "
          "| roofline % (ours / theirs) |")
    print("|---|---|---|---|---|---|---|---|")
    for f, t in files.items():
        def ts(tool, kind):
            r = t.get((tool, kind))
            return r["avg_ts"] if r else float("nan")
        opp, lpp = ts("inferscope", "pp"), ts("llama.cpp", "pp")
        otg, ltg = ts("inferscope", "tg"), ts("llama.cpp", "tg")
        roof = t.get(("inferscope", "tg"), {}).get("roofline_ts", float("nan"))
        print(f"| {f} | {opp:.1f} | {lpp:.1f} | {opp / lpp:.2f}x | {otg:.1f} | {ltg:.1f} | {otg / ltg:.2f}x | "
              f"{100 * otg / roof:.0f}% / {100 * ltg / roof:.0f}% |")
PY
fi
[[ "$only" != speed ]] || exit 0

# ---- fidelity ----------------------------------------------------------------
if [[ ! -f "$pplModel" ]]; then
    echo -e "\nfidelity: $pplModel not found, skipped (--ppl-model F32.gguf)" >&2
    exit 0
fi
llamaPpl() {  # the final estimate of llama-perplexity
    "$llama/llama-perplexity" -m "$1" -f "$text" -c 128 -t "$threads" 2>&1 |
        sed -n 's/.*Final estimate: PPL = \([0-9.]*\).*/\1/p'
}
llamaKld() {  # mean KL divergence of $1's next-token distributions from $2's
    "$llama/llama-perplexity" -m "$2" -f "$text" -c 128 -t "$threads" --kl-divergence-base "$work/base.kld" \
        >/dev/null 2>&1
    "$llama/llama-perplexity" -m "$1" -f "$text" -c 128 -t "$threads" --kl-divergence-base "$work/base.kld" \
        --kl-divergence 2>&1 | sed -n 's/^Mean *KLD: *\([0-9.e+-]*\).*/\1/p'
}
oursPpl() {
    "$cli" eval "$1" --text "$text" --ctx 128 --ppl-protocol llama.cpp --threads "$threads" --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["ppl"])'
}
oursKld() {
    "$cli" eval "$1" --baseline "$2" --text "$text" --ctx 128 --ppl-protocol llama.cpp --threads "$threads" --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["kld_mean"])'
}
echo -e "\nquantized arithmetic vs the exact product ($(basename "$pplModel"), llama.cpp's protocol, 128-token windows):"
echo -e "perplexity change and mean KL divergence of the next-token distributions\n"
echo "| format | ΔPPL InferScope | ΔPPL llama.cpp | KLD InferScope | KLD llama.cpp |"
echo "|---|---|---|---|---|"
for fmt in Q8_0 Q4_0; do
    quant="$work/ppl-$fmt.gguf"
    exact="$work/ppl-$fmt-exact.gguf"
    # ffn_down stays F32: stories260K's 172 columns are no whole number of blocks.
    "$llama/llama-quantize" --tensor-type ffn_down=f32 "$pplModel" "$quant" "$fmt" >/dev/null 2>&1 ||
        die "llama-quantize $fmt failed"
    "$cli" export-model "$quant" --weights f32 --out "$exact" >/dev/null
    python3 - "$fmt" "$(oursPpl "$quant")" "$(oursPpl "$exact")" "$(llamaPpl "$quant")" "$(llamaPpl "$exact")" \
        "$(oursKld "$quant" "$exact")" "$(llamaKld "$quant" "$exact")" <<'PY'
import sys
fmt, oq, oe, lq, le, ok, lk = sys.argv[1], *map(float, sys.argv[2:])
print(f"| {fmt} | {100 * (oq / oe - 1):+.3f} % | {100 * (lq / le - 1):+.3f} % | {ok:.6f} | {lk:.6f} |")
PY
done
