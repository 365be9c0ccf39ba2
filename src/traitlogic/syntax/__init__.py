"""Rust syntax: tree-sitter-rust parses goals, types, items and impl headers into terms, and
splits Rust text into its parts as written (`parts`, for the generators in `scripts/`)."""
