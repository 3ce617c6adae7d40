"""
The plan's own features: the delivery model, recording progress and its sign-off,
editing, the whole strategy.
"""
