#!/usr/bin/env bash
# Imports the oldest version of Voucherify's docs in ../shared/voucherify/history (with the
# project's overrides), generates the voucherify-webhooks crate from it, and compiles that
# crate: the docs of the past must give code that builds, not only YAML that loads.
#
#   scripts/compile-oldest-docs.sh     # prints the import's summary and the compile time
#
# The crate is compiled as a copy, in a scratch workspace of its own (generated/, runtime/ and macros/
# beside a copy of the workspace manifest and lock file), so the repository is not touched.
# Without the shared folder it says so and exits 0, like the tests that need it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${VOUCHERIFY_SHARED_DIR:-../shared}
docs=${VOUCHERIFY_DOCS_DIR:-$shared/voucherify}
oldest=$(ls "$docs"/history/OpenAPIWebhooks-*.json 2>/dev/null | sort | head -n 1 || true)
if [ -z "$oldest" ]; then
    echo "note: no $docs/history/OpenAPIWebhooks-*.json, so nothing was compiled (set VOUCHERIFY_SHARED_DIR)"
    exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The scratch workspace shares the repository's build of the dependencies.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}

cargo build -q -p voucherify-codegen
codegen=$CARGO_TARGET_DIR/debug/voucherify-codegen
echo "importing $(basename "$oldest")"
"$codegen" import --docs "$oldest" --out "$scratch/schemas" \
    --overrides schemas/overrides.yaml 2>"$scratch/import.log" | sed 's/^/  /'
tail -n 1 "$scratch/import.log" | sed 's/^/  /'

mkdir "$scratch/ws"
cp Cargo.toml Cargo.lock "$scratch/ws/"
sed -i -e 's/^members = .*/members = ["generated", "runtime", "macros"]/' \
    -e 's/^default-members = .*/default-members = ["generated", "runtime", "macros"]/' "$scratch/ws/Cargo.toml"
for dir in generated runtime macros; do
    mkdir "$scratch/ws/$dir"
    (cd "$dir" && tar --exclude=./target -cf - .) | (cd "$scratch/ws/$dir" && tar -xf -)
done
"$codegen" generate --schemas "$scratch/schemas" --out "$scratch/ws/generated" \
    --digest "$scratch/ws/macros/src/view/digest.txt" | sed 's/^/  /'

start=$EPOCHREALTIME
(cd "$scratch/ws" && cargo build -q --offline --lib -p voucherify-webhooks)
end=$EPOCHREALTIME
awk -v s="$start" -v e="$end" 'BEGIN { printf "the crate generated from the oldest docs compiles (%.1f s)\n", e - s }'
