"""Many devices, one journal: sync through a folder the person already keeps in step.

``engine`` joins a folder and runs one exchange, ``folder`` reads and writes the files there,
``inbox`` turns lines typed on a phone into entries. The change feed itself (which rows each
change touched, the cross-device clock) lives in painlog.store.changes. See docs/sync.md.
"""
