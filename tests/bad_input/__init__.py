"""Cross-cutting: bad and hostile input never breaks a page or leaks through."""
