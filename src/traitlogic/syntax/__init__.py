"""Rust syntax: tree-sitter-rust parses goals, types, items and impl headers into terms."""
