#!/bin/sh
# Seeds the fuzz corpora (fuzz/corpus/<target>/) from the project's own fixtures.
# Run from anywhere; the corpora are not committed.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
corpus="$fuzz/corpus"
mkdir -p "$corpus/webhook_from_slice" "$corpus/contract_check" "$corpus/signature_verify" "$corpus/codegen_generate"

n=0
for payload in "$root"/tests/fixtures/payloads/*.json "$root"/tests/fixtures/contract/*.json \
    "$root"/codegen/tests/fixtures/generate/*/payloads/*.json; do
    [ -f "$payload" ] || continue
    n=$((n + 1))
    cp "$payload" "$corpus/webhook_from_slice/seed-$n.json"
    cp "$payload" "$corpus/contract_check/seed-$n.json"
    # signature_verify: a length byte, the secret, then the body.
    { printf '\016fixture-secret'; cat "$payload"; } > "$corpus/signature_verify/seed-$n"
    # contract_check also splits at the first newline into an event type and a `data` body.
    type=$(basename "$payload" .json)
    { printf '%s\n' "$type"; cat "$payload"; } > "$corpus/contract_check/data-$n.json"
done

# codegen_generate: each schema set as one text, files started by `@@ <path>` lines.
bundle() {
    set_dir=$1
    [ -f "$set_dir/family-features" ] && echo "@@ family-features"
    for file in "$set_dir"/envelope.yaml "$set_dir"/objects/*.yaml "$set_dir"/events/*.yaml; do
        [ -f "$file" ] || continue
        echo "@@ ${file#"$set_dir"/}"
        cat "$file"
        echo
    done
}
for set_dir in "$root"/codegen/tests/fixtures/generate/*/; do
    set_dir=${set_dir%/}
    bundle "$set_dir" > "$corpus/codegen_generate/$(basename "$set_dir")"
done
bundle "$root/schemas" > "$corpus/codegen_generate/schemas"
echo "seeded $n payloads and $(ls "$corpus/codegen_generate" | wc -l) schema sets into $corpus"
