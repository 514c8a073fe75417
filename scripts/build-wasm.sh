#!/usr/bin/env bash
# Build a wasm-bindgen crate for wasm32-unknown-unknown, run wasm-bindgen and wasm-opt -Oz.
#
# Usage: scripts/build-wasm.sh CRATE OUTDIR [TARGET...]
#   CRATE   a workspace package name (e.g. flow-wasm), or a path to a crate directory or its
#           Cargo.toml (for crates outside this workspace)
#   OUTDIR  output root: wasm-bindgen target `nodejs` goes to OUTDIR/node, any other target T
#           (web, bundler, deno, ...) to OUTDIR/T
#   TARGET  wasm-bindgen targets, default: nodejs web
#
# Uses the toolchain recorded by scripts/bootstrap-wasm.sh in target/wasm-toolchain.env (runs
# the bootstrap when that file is missing or stale). Profile: `wasm-release` when the crate's
# workspace Cargo.toml defines it, else `release`. Cargo target dir: <workspace>/target/wasm, so
# the native build's fingerprints are left alone.
#
# Environment: WASM_OPT_SKIP=1 skips wasm-opt; WASM_OPT_LEVEL (default -Oz).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="$ROOT/target/wasm-toolchain.env"
TARGET=wasm32-unknown-unknown
# Features rustc's wasm32 `generic` CPU emits (1.82+) and wasm-bindgen output relies on
# (externref table when reference-types is on). wasm-opt validates against these.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
    --enable-call-indirect-overlong)
# What wasm-opt may assume of a rustc module. --low-memory-unused: nothing lives in the first KiB
# of memory (rustc puts the stack below 1 MiB, growing down, and data above it), so a constant
# offset can be folded into a load's immediate; about 1 KB off the gzipped package.
WASM_OPT_ASSUME=(--low-memory-unused)

log() { printf 'build-wasm: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%01ds' "$(($1 / 1000))" "$((($1 % 1000) / 100))"; }
size() { stat -c %s "$1"; }
gzsize() { gzip -9 -c "$1" | wc -c; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.2f MB", b/1048576; else printf "%.1f KB", b/1024 }'; }

[[ $# -ge 2 ]] || { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
crate="$1"; outdir="$2"; shift 2
targets=("$@"); ((${#targets[@]})) || targets=(nodejs web)

# ---------------------------------------------------------------------------- toolchain
load_env() {
    # shellcheck source=/dev/null
    [[ -f "$ENV_FILE" ]] && source "$ENV_FILE" &&
        [[ -x "${WASM_CARGO:-}" && -x "${WASM_BINDGEN:-}" && -x "${WASM_OPT:-}" ]]
}
if ! load_env; then
    log "toolchain env missing or stale; running scripts/bootstrap-wasm.sh"
    "$ROOT/scripts/bootstrap-wasm.sh"
    load_env || die "bootstrap did not produce a usable $ENV_FILE"
fi

build_env=()
read -ra build_env <<<"${WASM_ENV:-}"
if [[ -n "${WASM_PATH_PREFIX:-}" ]]; then
    # Debian toolchain: /usr/bin first for this build only, and pin cargo's rustc.
    build_env+=("PATH=$WASM_PATH_PREFIX:$PATH" "CARGO=$WASM_CARGO" "RUSTC=$WASM_RUSTC")
fi
cargo_flags=()
read -ra cargo_flags <<<"${WASM_CARGO_FLAGS:-}"   # -Zbuild-std: command line only
wcargo() { env ${build_env[@]+"${build_env[@]}"} "$WASM_CARGO" "$@"; }

# ---------------------------------------------------------------------------- crate
if [[ -d "$crate" && -f "$crate/Cargo.toml" ]]; then manifest="$(cd "$crate" && pwd)/Cargo.toml"
elif [[ -f "$crate" && "$crate" == *Cargo.toml ]]; then manifest="$(cd "$(dirname "$crate")" && pwd)/Cargo.toml"
else manifest=""
fi
if [[ -n "$manifest" ]]; then meta_args=(--manifest-path "$manifest"); else meta_args=(--manifest-path "$ROOT/Cargo.toml"); fi

# workspace root, package name, cdylib name
mapfile -t meta < <(wcargo metadata --no-deps --format-version 1 "${meta_args[@]}" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const [sel, manifest] = process.argv.slice(1);
    const p = m.packages.find(p => manifest ? p.manifest_path === manifest : p.name === sel);
    if (!p) { console.error("package not found: " + (manifest || sel)); process.exit(1); }
    const t = p.targets.find(t => t.kind.includes("cdylib")) || p.targets.find(t => t.kind.includes("lib"));
    if (!t || !t.kind.includes("cdylib")) console.error("warning: " + p.name + " has no cdylib target");
    console.log([m.workspace_root, p.name, t ? t.name.replace(/-/g, "_") : ""].join("\n"));
' "$crate" "$manifest")
[[ ${#meta[@]} -eq 3 && -n "${meta[2]}" ]] || die "could not resolve crate $crate"
ws_root="${meta[0]}"; pkg="${meta[1]}"; lib="${meta[2]}"

if grep -q '^\[profile\.wasm-release\]' "$ws_root/Cargo.toml"; then profile="wasm-release"; else profile="release"; fi
if [[ "$ws_root" == "$ROOT" && -n "${WASM_TARGET_DIR:-}" ]]; then tdir="$WASM_TARGET_DIR"; else tdir="$ws_root/target/wasm"; fi

# ---------------------------------------------------------------------------- cargo build
t=$(now_ms)
log "cargo build -p $pkg --profile $profile ($WASM_MODE, rustc $WASM_RUSTC_VERSION)"
wcargo build --target "$TARGET" --profile "$profile" ${cargo_flags[@]+"${cargo_flags[@]}"} \
    --target-dir "$tdir" "${meta_args[@]}" -p "$pkg"
t_cargo=$(($(now_ms) - t))
wasm="$tdir/$TARGET/$profile/$lib.wasm"
[[ -f "$wasm" ]] || die "no $wasm (is $pkg a cdylib?)"

# ---------------------------------------------------------------------------- wasm-bindgen
t=$(now_ms)
dirs=()
for tg in "${targets[@]}"; do
    if [[ "$tg" == nodejs ]]; then d="$outdir/node"; else d="$outdir/$tg"; fi
    rm -rf "$d"; mkdir -p "$d"
    "$WASM_BINDGEN" --target "$tg" --out-dir "$d" "$wasm"
    dirs+=("$d")
done
t_bindgen=$(($(now_ms) - t))

# ---------------------------------------------------------------------------- wasm-opt
t=$(now_ms)
declare -A pre=()
for d in "${dirs[@]}"; do pre[$d]="$(size "$d/${lib}_bg.wasm") $(gzsize "$d/${lib}_bg.wasm")"; done
if [[ "${WASM_OPT_SKIP:-0}" != 1 ]]; then
    pids=()
    for d in "${dirs[@]}"; do
        f="$d/${lib}_bg.wasm"
        { "$WASM_OPT" "${WASM_OPT_LEVEL:--Oz}" "${WASM_OPT_ASSUME[@]}" "${WASM_OPT_FEATURES[@]}" -o "$f.opt" "$f" && mv -f "$f.opt" "$f"; } &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || die "wasm-opt failed"; done
fi
t_opt=$(($(now_ms) - t))

# ---------------------------------------------------------------------------- report
printf '%-28s %12s %12s\n' "$pkg ($profile)" raw gzip
printf '%-28s %12s %12s\n' "cargo $lib.wasm" "$(human "$(size "$wasm")")" "$(human "$(gzsize "$wasm")")"
for d in "${dirs[@]}"; do
    read -r braw bgz <<<"${pre[$d]}"
    f="$d/${lib}_bg.wasm"
    printf '%-28s %12s %12s\n' "${d#"$outdir"/} after wasm-bindgen" "$(human "$braw")" "$(human "$bgz")"
    [[ "${WASM_OPT_SKIP:-0}" == 1 ]] ||
        printf '%-28s %12s %12s\n' "${d#"$outdir"/} after wasm-opt" "$(human "$(size "$f")")" "$(human "$(gzsize "$f")")"
done
log "done: cargo $(fmt_ms "$t_cargo"), wasm-bindgen $(fmt_ms "$t_bindgen"), wasm-opt $(fmt_ms "$t_opt") -> ${dirs[*]}"
