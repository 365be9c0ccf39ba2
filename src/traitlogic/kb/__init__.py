"""The knowledge base: declarations of traits, types and impls, loaded from YAML."""
