"""Media a user can keep and watch: saved files (`save`, `download`, `addresses`, `names`), resource
links (`links`) and the MCP Apps player (`player`), reached from the server factory through `parts`."""
