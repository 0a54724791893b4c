"""Storage: the journal file, its schema and migrations, transactions, undo, backups,
encryption of the file, settings kept in the journal, and the checks of doctor."""
