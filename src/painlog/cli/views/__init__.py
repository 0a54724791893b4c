"""Terminal output (rich) of what the core computed; nothing here queries or computes."""
