"""Cross-cutting: who may open what (the permission matrix, object-level access)."""
