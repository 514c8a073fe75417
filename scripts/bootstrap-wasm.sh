#!/usr/bin/env bash
# Bootstrap the wasm32 toolchain for flow-wasm and record it in target/wasm-toolchain.env.
#
# Usage: scripts/bootstrap-wasm.sh
#
# 1. rustup path: wasm32-unknown-unknown already installed, or `rustup target add` works
#    (bounded by `timeout 60`)                                          -> WASM_MODE=rustup
# 2. otherwise Debian's rustc-web + rust-web-src, building std with -Zbuild-std
#                                                                        -> WASM_MODE=debian-build-std
# 3. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate (Cargo.lock, else the
#    pin in flow-wasm/Cargo.toml, else 0.2.130); reused when `wasm-bindgen --version` matches.
# 4. wasm-opt from the npm package binaryen@132 in .tools/ (Debian's binaryen 108 writes
#    modules that fail to load, do not use it).
#
# Idempotent; a warm run does no installs and takes about a second.
#
# Environment overrides:
#   WASM_MODE=rustup|debian-build-std   skip detection and force a mode
#   WASM_BINDGEN_VERSION=x.y.z          force the wasm-bindgen-cli version
#   WASM_TOOLS_DIR=path                 where npm/cargo tools go (default: <repo>/.tools)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${WASM_TOOLS_DIR:-$ROOT/.tools}"
ENV_FILE="$ROOT/target/wasm-toolchain.env"
TARGET=wasm32-unknown-unknown
BINARYEN_RANGE=132          # npm semver range: 132.x
BINARYEN_MIN=132
DEBIAN_PKGS=(rustc-web cargo-web rust-web-src lld-22)

log() { printf 'bootstrap-wasm: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%01ds' "$(($1 / 1000))" "$((($1 % 1000) / 100))"; }

STEP_TIMES=()
step_done() { # name start_ms note
    local dt=$(($(now_ms) - $2))
    STEP_TIMES+=("$1 $(fmt_ms "$dt")${3:+ ($3)}")
}

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root for: $*"
    fi
}

T_ALL=$(now_ms)

# ---------------------------------------------------------------------------- 1/2: rust toolchain
mode="${WASM_MODE:-}"
t=$(now_ms); note=""
if [[ -z "$mode" ]] && command -v rustup >/dev/null; then
    if rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
        mode=rustup; note="target present"
    elif timeout 60 rustup target add "$TARGET" >&2; then
        mode=rustup; note="target added"
    else
        log "rustup cannot provide $TARGET; falling back to Debian rustc-web + -Zbuild-std"
    fi
fi
mode="${mode:-debian-build-std}"
step_done rust "$t" "$note"

WASM_CARGO_FLAGS=""
WASM_ENV=""
WASM_PATH_PREFIX=""
WASM_LINKER=""
case "$mode" in
rustup)
    WASM_CARGO="$(command -v cargo)"     # rustup proxies: honour rust-toolchain files
    WASM_RUSTC="$(command -v rustc)"
    ;;
debian-build-std)
    t=$(now_ms); note="present"
    missing=()
    for p in "${DEBIAN_PKGS[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [[ -d /usr/lib/rustlib/src/rust/library ]] || missing+=(rust-web-src)
    if ((${#missing[@]})); then
        mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
        log "apt-get install ${missing[*]}"
        as_root apt-get update -qq >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
        note="installed ${missing[*]}"
    fi
    [[ -x /usr/bin/rustc && -x /usr/bin/cargo ]] || die "/usr/bin/rustc or /usr/bin/cargo missing after install"
    [[ -d /usr/lib/rustlib/src/rust/library ]] || die "rust source missing at /usr/lib/rustlib/src/rust"
    step_done apt "$t" "$note"
    WASM_CARGO=/usr/bin/cargo
    WASM_RUSTC=/usr/bin/rustc
    WASM_CARGO_FLAGS="-Zbuild-std=std,panic_abort"   # command line only, never [unstable] in config
    WASM_PATH_PREFIX=/usr/bin                        # rustup's ~/.cargo/bin must not win
    if [[ -x /usr/bin/rust-lld ]]; then WASM_LINKER=/usr/bin/rust-lld
    elif command -v wasm-ld-22 >/dev/null; then WASM_LINKER="$(command -v wasm-ld-22)"
    else die "no wasm linker: neither /usr/bin/rust-lld nor wasm-ld-22"
    fi
    WASM_ENV="RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$WASM_LINKER"
    ;;
*) die "unknown WASM_MODE=$mode (rustup|debian-build-std)" ;;
esac
rustc_version="$("$WASM_RUSTC" --version | awk '{print $2}')"

# ---------------------------------------------------------------------------- 3: wasm-bindgen-cli
t=$(now_ms); note=""
bg_version="${WASM_BINDGEN_VERSION:-}"
if [[ -z "$bg_version" && -f "$ROOT/Cargo.lock" ]]; then
    bg_version="$(awk '/^\[\[package\]\]/{n=""} /^name = /{n=$3} n=="\"wasm-bindgen\"" && /^version = /{gsub(/"/,"",$3); print $3; exit}' "$ROOT/Cargo.lock")"
    [[ -n "$bg_version" ]] && note="Cargo.lock"
fi
if [[ -z "$bg_version" ]]; then
    for f in "$ROOT/flow-wasm/Cargo.toml" "$ROOT/Cargo.toml"; do
        [[ -f "$f" ]] || continue
        bg_version="$(grep -E '^[[:space:]]*wasm-bindgen[[:space:]]*=' "$f" | head -n1 \
            | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)"
        [[ -n "$bg_version" ]] && { note="${f#"$ROOT"/}"; break; }
    done
fi
bg_version="${bg_version:-0.2.130}"; note="${note:-default}"

bindgen_version() { "$1" --version 2>/dev/null | awk '{print $2}'; }
WASM_BINDGEN=""
for cand in "$TOOLS/bin/wasm-bindgen" "$(command -v wasm-bindgen || true)" "$HOME/.cargo/bin/wasm-bindgen"; do
    if [[ -n "$cand" && -x "$cand" && "$(bindgen_version "$cand")" == "$bg_version" ]]; then
        WASM_BINDGEN="$cand"; note="$note, present"; break
    fi
done
if [[ -z "$WASM_BINDGEN" ]]; then
    # Into the repo's tools dir, so a different global wasm-bindgen is left alone.
    # No --locked: the registry mirror may lack a locked dependency version.
    log "cargo install wasm-bindgen-cli $bg_version (takes several minutes)"
    cargo install wasm-bindgen-cli --version "$bg_version" --root "$TOOLS" >&2
    WASM_BINDGEN="$TOOLS/bin/wasm-bindgen"
    [[ "$(bindgen_version "$WASM_BINDGEN")" == "$bg_version" ]] || die "installed wasm-bindgen is not $bg_version"
    note="$note, installed"
fi
step_done wasm-bindgen "$t" "$note"

# ---------------------------------------------------------------------------- 4: wasm-opt (npm binaryen)
t=$(now_ms); note="present"
WASM_OPT="$TOOLS/node_modules/.bin/wasm-opt"
opt_version() { "$WASM_OPT" --version 2>/dev/null | grep -oE 'version [0-9]+' | head -n1 | awk '{print $2}'; }
ov="$(opt_version || true)"
if [[ -z "$ov" ]] || ((ov < BINARYEN_MIN)); then
    command -v npm >/dev/null || die "npm not found (needed for binaryen's wasm-opt)"
    log "npm install binaryen@$BINARYEN_RANGE into ${TOOLS#"$ROOT"/}"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" "binaryen@$BINARYEN_RANGE" --no-audit --no-fund --silent >&2
    ov="$(opt_version || true)"
    [[ -n "$ov" ]] || die "wasm-opt not runnable at $WASM_OPT"
    note="installed"
fi
step_done wasm-opt "$t" "$note"

# ---------------------------------------------------------------------------- 5: env file
mkdir -p "$(dirname "$ENV_FILE")"
tmp="$ENV_FILE.tmp.$$"
kv() {
    [[ "$2" != *[\"\$\`\\]* ]] || die "unquotable value for $1: $2"
    printf '%s="%s"\n' "$1" "$2"
}
{
    echo "# written by scripts/bootstrap-wasm.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); source it"
    kv WASM_MODE "$mode"
    kv WASM_CARGO "$WASM_CARGO"
    kv WASM_RUSTC "$WASM_RUSTC"
    kv WASM_RUSTC_VERSION "$rustc_version"
    kv WASM_CARGO_FLAGS "$WASM_CARGO_FLAGS"
    kv WASM_ENV "$WASM_ENV"
    kv WASM_PATH_PREFIX "$WASM_PATH_PREFIX"
    kv CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER "$WASM_LINKER"
    kv WASM_BINDGEN "$WASM_BINDGEN"
    kv WASM_BINDGEN_VERSION "$bg_version"
    kv WASM_OPT "$WASM_OPT"
    kv WASM_OPT_VERSION "$ov"
    kv WASM_TARGET_DIR "$ROOT/target/wasm"
} >"$tmp"
mv -f "$tmp" "$ENV_FILE"

summary="mode=$mode rustc=$rustc_version wasm-bindgen=$bg_version wasm-opt=$ov"
[[ -n "$WASM_LINKER" ]] && summary+=" linker=$WASM_LINKER"
printf -v steps '%s, ' "${STEP_TIMES[@]}"
log "$summary | ${steps}total $(fmt_ms $(($(now_ms) - T_ALL))) -> ${ENV_FILE#"$ROOT"/}"
