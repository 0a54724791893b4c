"""painlog: a local, private, fast pain and symptom journal.

The packages are a library; ``painlog.cli`` is a thin command line over them. From the top:

- ``cli``       the commands (typer), built lazily; ``cli.views`` prints with rich
- ``demo``      the sample journal
- ``report``    the one-page clinic report (md, html, pdf)
- ``formats``   CSV, JSON, FHIR and age files; other apps' and devices' exports
- ``insight``   weekly summaries, charts, the calendar, computed in SQL
- ``plan``      the care plan: adherence, due, compare, limits, medicines, experiments
- ``clinic``    visits, questions, PEG, PGIC
- ``journal``   entries and the rules for what people type
- ``store``     the file: connections, migrations, undo, backups, encryption, settings
- ``errors``, ``messages``, ``clock``, ``interaction``: the base every layer may use

docs/architecture.md has the picture and the rule for where a new module goes.
"""

__version__ = "0.1.0"
