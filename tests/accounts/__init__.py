"""Signing in: passwords, two-factor, lockout, sessions, roles."""
