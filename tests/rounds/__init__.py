"""The quarterly update round: what is due, reminders, round status."""
