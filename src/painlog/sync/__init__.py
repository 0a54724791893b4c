"""Many devices, one journal: sync through a folder the person already keeps in step.

``engine`` joins a folder, runs one exchange and applies what Loro's merge chose, ``replica``
keeps this device's Loro documents (the sync replica) and checks other devices' updates,
``folder`` reads and writes the files there, ``inbox`` turns lines typed on a phone into
entries, ``shared`` holds what the engine and ``legacy`` (the reader of the old JSON-lines
files, used once when a device moves to Loro) have in common. The change feed itself (which rows each
change touched, the cross-device clock) lives in painlog.store.changes. See docs/sync.md.
"""
