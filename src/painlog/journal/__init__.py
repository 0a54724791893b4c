"""The journal's own rules: what an entry is, reading what people type (values, times,
names), the warnings before a silent mistake, and which entries are private."""
