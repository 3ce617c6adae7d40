"""The read side: the dashboard, the outcome page, the quarterly PDF and its production."""
