//! Typed Voucherify v2024-01-01 webhooks.
