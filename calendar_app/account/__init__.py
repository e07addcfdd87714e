"""The signed-in user's own page: private feed address and personal API tokens."""
