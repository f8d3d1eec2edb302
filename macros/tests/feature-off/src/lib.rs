//! Nothing to build: the package exists for its test, `tests/views.rs`.
