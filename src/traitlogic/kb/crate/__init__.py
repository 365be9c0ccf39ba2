"""Reading a cargo crate as rustc builds it: manifests, features, cfgs and dependencies."""
