#!/usr/bin/env bash
# shellcheck disable=SC2053  # package-files.txt holds shell patterns, matched with [[ == ]]
# Builds the Debian packages from a build tree (cpack -G DEB) and checks them:
# the packages and their control fields, the file lists against
# package-files.txt, the main package's dependencies (never a CUDA library),
# the desktop entry and AppStream metainfo (desktop-file-validate, appstreamcli),
# then installs them into a temporary root (dpkg-deb -x) and runs the programs
# from there: no RUNPATH into the build, data found under share/inferscope, the
# CUDA module found under the library directory.
#
#   packaging/check-package.sh BUILD_DIR VERSION LIBDIR WITH_CUDA(0|1) [MODEL]
#
# CTest runs it as packaging/deb. Exit 77 (a skip) when a tool is missing,
# except under CI=true, where that is a failure.
set -euo pipefail

BUILD_DIR="$(cd "$1" && pwd)"
VERSION="$2"
LIBDIR="$3"
WITH_CUDA="$4"
MODEL="${5:-}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE_DIR="$(cd "$HERE/.." && pwd)"

fail() { echo "check-package: FAIL: $*" >&2; exit 1; }
note() { echo "check-package: $*"; }

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli readelf gzip; do
  if ! command -v "$tool" >/dev/null; then
    [ "${CI:-}" = "true" ] && fail "$tool is missing (packages: dpkg-dev, desktop-file-utils, appstream, binutils)"
    echo "check-package: skipped: $tool is missing" >&2
    exit 77
  fi
done

ARCH="$(dpkg --print-architecture)"
OUT="$BUILD_DIR/packages"
# Resolved: the programs report paths as /proc/self/exe gives them.
WORK="$(cd "$(mktemp -d "${TMPDIR:-/tmp}/inferscope-package.XXXXXX")" && pwd -P)"
trap 'rm -rf "$WORK"' EXIT

# ---- Build the packages ------------------------------------------------------
rm -rf "$OUT"
start=$(date +%s%N)
if ! (cd "$BUILD_DIR" && cpack -G DEB -B "$OUT" >"$WORK/cpack.log" 2>&1); then
  cat "$WORK/cpack.log" >&2
  fail "cpack -G DEB failed"
fi
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
note "cpack -G DEB took $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s"

MAIN="$OUT/inferscope_${VERSION}_${ARCH}.deb"
CUDA="$OUT/inferscope-cuda_${VERSION}_${ARCH}.deb"
expected_debs=("$MAIN")
[ "$WITH_CUDA" = 1 ] && expected_debs+=("$CUDA")
made=("$OUT"/*.deb)
for deb in "${expected_debs[@]}"; do
  [ -f "$deb" ] || fail "$(basename "$deb") was not made (made: ${made[*]})"
done
[ "${#made[@]}" -eq "${#expected_debs[@]}" ] || fail "unexpected packages: ${made[*]}"

# ---- Control fields ----------------------------------------------------------
field() { dpkg-deb -f "$1" "$2"; }
for deb in "${expected_debs[@]}"; do
  for f in Package Version Architecture Maintainer Section Homepage Description Depends; do
    [ -n "$(field "$deb" "$f")" ] || fail "$(basename "$deb") has no $f field"
  done
  [ "$(field "$deb" Version)" = "$VERSION" ] || fail "$(basename "$deb"): Version $(field "$deb" Version), expected $VERSION"
  note "$(field "$deb" Package) $(field "$deb" Version): $(stat -c %s "$deb") bytes, installed $(field "$deb" Installed-Size) KiB"
  note "  Depends: $(field "$deb" Depends)"
done
main_depends="$(field "$MAIN" Depends)"
if grep -qiE 'cuda|cublas|cupti|nccl|nvidia|libnvrtc' <<<"$main_depends"; then
  fail "the main package depends on a CUDA library: $main_depends"
fi
grep -q 'libc6' <<<"$main_depends" || fail "the main package's dependencies were not computed (dpkg-shlibdeps): $main_depends"
if [ "$WITH_CUDA" = 1 ]; then
  grep -qF "inferscope (= $VERSION)" <<<"$(field "$CUDA" Depends)" ||
    fail "inferscope-cuda does not depend on inferscope (= $VERSION): $(field "$CUDA" Depends)"
fi

# ---- File lists ----------------------------------------------------------------
# package-files.txt, with ${libdir} substituted: "<package> <pattern>" lines.
patterns_of() {
  sed -e 's/#.*//' -e "s|\${libdir}|$LIBDIR|g" "$HERE/package-files.txt" | awk -v p="$1" '$1 == p { print $2 }'
}
check_files() {
  local deb="$1" package="$2" files pattern file matched
  files="$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' | sort)"
  note "  files of $package:"
  while read -r file; do echo "    $file"; done <<<"$files"
  while read -r pattern; do
    matched=0
    while read -r file; do
      [[ $file == $pattern ]] && matched=1 && break  # $pattern is a shell pattern on purpose
    done <<<"$files"
    [ "$matched" = 1 ] || fail "$package lacks $pattern"
  done < <(patterns_of "$package")
  while read -r file; do
    matched=0
    while read -r pattern; do
      [[ $file == $pattern ]] && matched=1 && break
    done < <(patterns_of "$package")
    [ "$matched" = 1 ] || fail "$package contains $file, which packaging/package-files.txt does not list"
  done <<<"$files"
}
check_files "$MAIN" inferscope
[ "$WITH_CUDA" = 1 ] && check_files "$CUDA" inferscope-cuda

# ---- Install into a temporary root ---------------------------------------------
ROOT="$WORK/root"
dpkg-deb -x "$MAIN" "$ROOT"

# Desktop integration: validators, and the pieces agree with each other.
ID=io.github.inferscope.InferScope
desktop-file-validate "$ROOT/usr/share/applications/$ID.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$ROOT/usr/share/metainfo/$ID.metainfo.xml" || fail "appstreamcli validate"
grep -q "^Icon=$ID$" "$ROOT/usr/share/applications/$ID.desktop" || fail "the desktop entry's Icon is not $ID"
release="$(grep -o '<release version="[^"]*"' "$ROOT/usr/share/metainfo/$ID.metainfo.xml" | head -1 | cut -d'"' -f2)"
[ "$release" = "$VERSION" ] || fail "the metainfo's newest release is $release, the project's version $VERSION"
for page in inferscope inferscope-cli; do
  gzip -dc "$ROOT/usr/share/man/man1/$page.1.gz" | grep -q "^\.TH .*\"InferScope $VERSION\"" ||
    fail "man page $page.1 does not name version $VERSION"
done

# No RUNPATH into the build or the sources; none at all for the programs.
runpath() { readelf -d "$1" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]/\2/p'; }
for exe in "$ROOT"/usr/bin/*; do
  [ -z "$(runpath "$exe")" ] || fail "$(basename "$exe") has a RUNPATH: $(runpath "$exe")"
done

# Run from the installed tree, from a folder outside the sources, with nothing
# pointing back at the build.
run_installed() { (cd "$ROOT" && env -u LD_LIBRARY_PATH -u INFERSCOPE_CUDA_MODULE -u INFERSCOPE_EVAL_TEXT "$@"); }
version_re="^inferscope-cli $VERSION \(revision ([0-9a-f]{12}|unknown)\)$"
out="$(run_installed "$ROOT/usr/bin/inferscope-cli" --version)" || fail "inferscope-cli --version failed"
[[ $out =~ $version_re ]] || fail "inferscope-cli --version printed '$out'"
note "$out"
out="$(run_installed env QT_QPA_PLATFORM=offscreen "$ROOT/usr/bin/inferscope" --version)" || fail "inferscope --version failed"
[[ $out =~ ^inferscope\ $VERSION\ \(revision ]] || fail "inferscope --version printed '$out'"

if [ -z "$MODEL" ] || [ ! -f "$MODEL" ]; then
  MODEL="$WORK/tiny.gguf"
  run_installed "$ROOT/usr/bin/inferscope-cli" synth --shape tiny --dtype f32 --seed 1 --out "$MODEL" --quiet ||
    fail "inferscope-cli synth failed"
fi
out="$(run_installed "$ROOT/usr/bin/inferscope-cli" info "$MODEL" --json)" || fail "inferscope-cli info $MODEL failed"
grep -q '"architecture"' <<<"$out" || fail "inferscope-cli info printed no architecture: $out"
# The evaluation text is found in the installed share/inferscope/eval.
out="$(run_installed "$ROOT/usr/bin/inferscope-cli" eval "$MODEL" --ctx 64 --json)" || fail "inferscope-cli eval failed"
grep -qF "\"text\": \"$ROOT/usr/share/inferscope/eval/stories.txt\"" <<<"$out" ||
  fail "inferscope-cli eval did not use the installed evaluation text: $(head -c 400 <<<"$out")"

# The CUDA module: looked for where inferscope-cuda installs it, and found there once installed.
module="$ROOT/usr/$LIBDIR/inferscope/libinferscope-cuda.so"
out="$(run_installed "$ROOT/usr/bin/inferscope-cli" devices)" || fail "inferscope-cli devices failed"
grep -qF "is not installed (looked for $ROOT/usr/bin/libinferscope-cuda.so, $module)" <<<"$out" ||
  fail "without inferscope-cuda, devices printed: $out"
if [ "$WITH_CUDA" = 1 ]; then
  dpkg-deb -x "$CUDA" "$ROOT"
  for dir in $(runpath "$module" | tr ':' ' '); do
    case "$dir" in "$BUILD_DIR"*|"$SOURCE_DIR"*) fail "libinferscope-cuda.so has a RUNPATH into the build: $dir" ;; esac
  done
  out="$(run_installed "$ROOT/usr/bin/inferscope-cli" devices)" || fail "inferscope-cli devices failed"
  grep -qE "CUDA: backend loaded|$module could not be loaded" <<<"$out" ||
    fail "with inferscope-cuda installed, devices printed: $out"
  note "with inferscope-cuda: $(grep '^CUDA' <<<"$out")"
fi
rm -rf "$OUT/_CPack_Packages"  # the staging trees; the packages stay in $OUT
note "OK"
