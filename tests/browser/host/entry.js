// The host side of MCP Apps, exactly as the published package ships it.
export { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";
