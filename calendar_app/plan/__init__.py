"""The annual Plan of joint training: a year x forces plan, its approval and changes, PDF and Excel."""
