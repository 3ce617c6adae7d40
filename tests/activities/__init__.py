"""What partners deliver: the portal, evidence files, retention."""
