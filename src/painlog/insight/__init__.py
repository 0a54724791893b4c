"""What the journal shows over time, computed in SQL: weekly summaries, charts, the calendar."""
