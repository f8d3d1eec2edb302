//! Derive macros for `voucherify-webhooks`.
