#!/usr/bin/env bash
# The docs watch: fetches Voucherify's current webhooks document, imports it into the schemas
# (with overrides.yaml and retained.yaml applied), generates the crate, runs the tests that
# guard the output, and writes the change report (`voucherify-codegen diff --format markdown`).
#
#   scripts/docs-watch.sh        # from anywhere; the paths below are from the workspace root
#
# Exit status:
#   0  nothing changed (the report says "No changes")
#   3  the schemas changed: schemas/, generated/ and the digest are updated, the tests pass,
#      and the report says what changed
#   4  the schemas changed as for 3, but the tests fail (the report ends with their summary)
#   1  a step failed before there was a report: fetch, import, generate or diff (named on stderr)
#   2  a variable below has a bad value
#
# Variables (all optional):
#   DOCS_WATCH_URL        the document (https:// or file://); default: Voucherify's published one
#   DOCS_WATCH_REPORT     where the markdown report goes; default target/docs-watch-report.md
#   DOCS_WATCH_SCHEMAS    the schemas folder to update; default schemas
#   DOCS_WATCH_GENERATED  the crate folder `generate --out` writes; default generated
#   DOCS_WATCH_DIGEST     the digest `generate --digest` writes; default macros/src/view/digest.txt
#   DOCS_WATCH_CODEGEN    a built voucherify-codegen; default `cargo run -q -p voucherify-codegen --`
#   DOCS_WATCH_SKIP_TESTS =1 skips `cargo test --workspace` (for the script's own test: CI runs
#                         those tests on every pull request anyway)
#
# The watch fetches one document, today's. Events only an earlier document described stay
# when schemas/retained.yaml lists them; the report names every file kept that way.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

url=${DOCS_WATCH_URL:-https://raw.githubusercontent.com/voucherifyio/voucherify-openapi/master/reference/OpenAPIWebhooks.json}
report=${DOCS_WATCH_REPORT:-target/docs-watch-report.md}
schemas=${DOCS_WATCH_SCHEMAS:-schemas}
generated=${DOCS_WATCH_GENERATED:-generated}
digest=${DOCS_WATCH_DIGEST:-macros/src/view/digest.txt}
skip_tests=${DOCS_WATCH_SKIP_TESTS:-0}

fail() { echo "docs-watch: $1" >&2; exit "${2:-1}"; }

case $skip_tests in 0 | 1) ;; *) fail "DOCS_WATCH_SKIP_TESTS is \`$skip_tests\`: use 0 or 1" 2 ;; esac
[ -f "$schemas/envelope.yaml" ] || fail "DOCS_WATCH_SCHEMAS: $schemas holds no envelope.yaml: not a schemas folder" 2
command -v curl >/dev/null || fail "curl is needed to fetch the document"

codegen() {
    if [ -n "${DOCS_WATCH_CODEGEN:-}" ]; then
        "$DOCS_WATCH_CODEGEN" "$@"
    else
        cargo run -q -p voucherify-codegen -- "$@"
    fi
}

scratch=$(mktemp -d) || fail "no scratch folder"
trap 'rm -rf "$scratch"' EXIT
doc=$scratch/OpenAPIWebhooks.json

echo "fetching $url"
curl -fsSL --retry 3 -o "$doc" "$url" || fail "fetch: $url could not be fetched"

# What the schemas held before, for the report.
cp -R "$schemas" "$scratch/before" || fail "cannot copy $schemas"

echo "importing"
codegen import --docs "$doc" --out "$schemas" >"$scratch/import.out" 2>"$scratch/import.err" || {
    cat "$scratch/import.err" >&2
    fail "import: the document does not import (see above); nothing was generated"
}
tail -n 1 "$scratch/import.err"
tail -n 1 "$scratch/import.out"

echo "generating"
codegen generate --schemas "$schemas" --out "$generated" --digest "$digest" >/dev/null ||
    fail "generate: the imported schemas do not generate"

mkdir -p "$(dirname "$report")" || fail "cannot create the folder of $report" 2
codegen diff "$scratch/before" "$schemas" --format markdown --fail-on any >"$report"
case $? in
    0) changed=0 ;;
    1) changed=1 ;;
    *) fail "diff: the schemas before and after the import could not be compared" ;;
esac
{
    echo
    echo "Fetched from $url by \`scripts/docs-watch.sh\`."
    if grep -q '^kept ' "$scratch/import.out"; then
        echo
        echo "Kept although the document does not define them (see \`schemas/retained.yaml\`):"
        echo
        grep '^kept ' "$scratch/import.out" | sed 's/^/- /'
    fi
} >>"$report"

if [ "$changed" = 0 ]; then
    echo "no changes (report: $report)"
    exit 0
fi

status=3
if [ "$skip_tests" = 1 ]; then
    echo "the tests were skipped (DOCS_WATCH_SKIP_TESTS=1)"
    printf '\nThe tests were not run (DOCS_WATCH_SKIP_TESTS=1).\n' >>"$report"
else
    echo "testing"
    if cargo test --workspace >"$scratch/test.log" 2>&1; then
        printf '\n`cargo test --workspace` passes.\n' >>"$report"
    else
        status=4
        {
            printf '\n`cargo test --workspace` fails after the import:\n\n```text\n'
            grep -E '^(test .* FAILED|error|failures:|test result)' "$scratch/test.log" | tail -n 40
            printf '```\n'
        } >>"$report"
    fi
fi
echo "the schemas changed (exit $status; report: $report)"
exit "$status"
