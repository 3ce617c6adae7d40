"""Cross-cutting: every page's pinned query count."""
