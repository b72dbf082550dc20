"""A standalone page that shows the player outside an MCP host (the demo writes one next to the saved
files): the player in a sandboxed iframe, and a few lines of host that answer its `ui/initialize` and
send it one tool result, as an MCP Apps host does."""

from __future__ import annotations

import json
from html import escape
from typing import Any

HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>%(title)s</title>
<style>body{margin:0;padding:16px;background:#eef0f4;font:13px system-ui,sans-serif}
iframe{display:block;border:1px solid #d8dbe2;border-radius:12px;background:#fff;width:660px;height:560px}</style>
</head><body>
<iframe id="app" sandbox="allow-scripts" srcdoc="%(player)s"></iframe>
<script>
// saved files are named relative to this page; the player only plays http(s) URLs
const result = %(result)s, input = %(input)s;
for (const m of result.structuredContent.media || []) m.url = new URL(m.url, location.href).href;
const frame = document.getElementById("app");
const post = (message) => frame.contentWindow.postMessage({ jsonrpc: "2.0", ...message }, "*");
window.addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow || !event.data) return;
  const { id, method, params } = event.data;
  if (method === "ui/initialize") {
    post({ id, result: { protocolVersion: params.protocolVersion, hostInfo: { name: "acemedia-preview", version: "1" },
                         hostCapabilities: {}, hostContext: { theme: "light", displayMode: "inline" } } });
  } else if (method === "ui/notifications/initialized") {
    post({ method: "ui/notifications/tool-input", params: { arguments: input } });
    post({ method: "ui/notifications/tool-result", params: result });
  } else if (method === "ui/notifications/size-changed" && params.height) {
    frame.style.height = params.height + 2 + "px";
  } else if (id !== undefined && method) {
    post({ id, result: {} });
  }
});
</script></body></html>
"""


def standalone_page(
    title: str, player_html: str, tool_input: dict[str, Any], tool_result: dict[str, Any]
) -> str:
    """`tool_result` is a CallToolResult as JSON (with `structuredContent`)."""

    def script_json(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")

    return HOST % {
        "title": escape(title),
        "player": escape(player_html, quote=True),
        "result": script_json(tool_result),
        "input": script_json(tool_input),
    }
