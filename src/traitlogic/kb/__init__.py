"""The knowledge base: declarations of traits, types and impls, loaded from YAML files, Rust
source (`--rust`) and cargo crates (`crate/`), and appended to by `traitlogic add` (`edit`)."""
