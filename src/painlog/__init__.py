"""painlog: a local, private, fast pain and symptom journal.

The modules are a library; ``painlog.cli`` is a thin command line over them:

- ``db``          opening the journal file, transactions
- ``migrations``  schema changes, in order
- ``entries``     what an entry is, validation, storing and finding entries
- ``values``      parsing ratings, durations, doses
- ``timeparse``   parsing ``--at`` / ``--since`` / ``--until``
- ``formats``     CSV, JSON and FHIR import and export
- ``summary``     weekly numbers and insights, computed in SQL
- ``charts``, ``heatmap``, ``views``  terminal output (plotext, rich)
- ``checkin``, ``clinic``  the guided check-in; visits, questions, PEG
- ``report``      the one-page clinic report (md, html, pdf)
- ``backup``, ``doctor``   backups, restore, checks
- ``demo``        the sample journal
- ``messages``    every user-facing message
"""

__version__ = "0.1.0"
