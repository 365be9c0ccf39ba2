"""The core layer: type terms, goals, declarations data, errors, the rule catalog, the cache.

Every other layer may import it; it imports nothing of traitlogic above it.
"""
