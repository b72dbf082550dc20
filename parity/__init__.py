"""`make parity`: compare our tool surface with the newest published existing servers (mcp-<provider>).

It installs each published server from PyPI into a throwaway virtual environment, lists its tools through a
real MCP client over stdio, lists ours the same way, and prints what differs, per provider. A tool,
parameter, nested property or enum value theirs has and ours lacks (or a parameter ours requires and theirs
does not) is a failure, unless `allowed.json` documents it with a reason.
"""
