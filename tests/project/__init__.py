"""
The project as a whole: settings, deployment, health, background jobs, audit, backups,
shared helpers, the code's own rules and the test command.
"""
