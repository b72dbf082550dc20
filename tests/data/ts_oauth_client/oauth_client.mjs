// The official TypeScript SDK 1.x client signing in to an MCP server with OAuth, then calling a tool.
// Usage: node oauth_client.mjs <mcp url> <user> <redirect url> <tool> <arguments json> [client metadata url]
// The user's browser is played by following the sign-in's redirects with fetch; the simulated
// AceDataCloud sign-in reads the user from the X-Sim-User header. Prints one JSON report on stdout.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const [mcpUrl, user, redirectUrl, tool, argsJson, metadataUrl] = process.argv.slice(2);
const saved = { client: undefined, tokens: undefined, verifier: "", code: "", hops: [] };

async function browse(start) {
  let url = start.toString();
  for (let hop = 0; hop < 8; hop++) {
    if (url.startsWith(redirectUrl)) return new URL(url).searchParams;
    saved.hops.push(new URL(url).pathname);
    const reply = await fetch(url, { redirect: "manual", headers: { "X-Sim-User": user } });
    if (reply.status < 300 || reply.status >= 400) throw new Error(`sign-in stopped at ${reply.status}: ${await reply.text()}`);
    url = new URL(reply.headers.get("location"), url).toString();
  }
  throw new Error("too many redirects");
}

const provider = {
  get redirectUrl() { return redirectUrl; },
  clientMetadataUrl: metadataUrl || undefined,
  get clientMetadata() {
    return {
      client_name: "ts sdk oauth test",
      redirect_uris: [redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  },
  clientInformation: () => saved.client,
  saveClientInformation: (info) => { saved.client = info; },
  tokens: () => saved.tokens,
  saveTokens: (tokens) => { saved.tokens = tokens; },
  saveCodeVerifier: (verifier) => { saved.verifier = verifier; },
  codeVerifier: () => saved.verifier,
  redirectToAuthorization: async (url) => {
    const query = await browse(url);
    saved.code = query.get("code") ?? "";
    saved.iss = query.get("iss");
  },
};

async function connected() {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  const client = new Client({ name: "ts-oauth-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

let client;
try {
  client = await connected();
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await transport.finishAuth(saved.code);
  client = await connected();
}
const result = await client.callTool({ name: tool, arguments: JSON.parse(argsJson) });
await client.close();
process.stdout.write(JSON.stringify({
  clientId: saved.client?.client_id,
  accessToken: saved.tokens?.access_token,
  refreshToken: saved.tokens?.refresh_token,
  iss: saved.iss,
  hops: saved.hops,
  result,
}));
