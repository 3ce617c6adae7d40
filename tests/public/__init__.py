"""The public site: what anyone may read without signing in, and nothing else."""
