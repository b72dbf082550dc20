"""The task ledger: every task a server submitted, kept so a task id is never lost (SQLite store,
background writer, and the tools and resources that read it)."""
