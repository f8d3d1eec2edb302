#!/usr/bin/env bash
# Measures a clean debug build of the generated crate alone (its dependencies already built),
# with every event family, with one family, and with none: the compile time a service pays.
#
#   scripts/build-time.sh            # prints a table
#   RUNS=3 scripts/build-time.sh     # best of 3 runs each
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-1}

measure() { # label, features
    local label=$1 features=$2 best=""
    # Dependencies first, so that only the crate itself is timed.
    cargo build -q -p voucherify-webhooks --lib --no-default-features --features "$features"
    for _ in $(seq "$runs"); do
        cargo clean -q -p voucherify-webhooks
        local start end
        start=$EPOCHREALTIME
        cargo build -q -p voucherify-webhooks --lib --no-default-features --features "$features"
        end=$EPOCHREALTIME
        best=$(awk -v s="$start" -v e="$end" -v b="$best" 'BEGIN { t = e - s; if (b == "" || t < b) print t; else print b }')
    done
    printf '| %s | %.1f s |\n' "$label" "$best"
}

all="redemption,customer,voucher,campaign,validation-rules,publication,distribution"
echo "| build of voucherify-webhooks (debug, dependencies built) | time |"
echo "| --- | --- |"
measure "all seven event families (the default)" "$all"
measure "one family: redemption" "redemption"
measure "no family (envelope and shared objects only)" ""
