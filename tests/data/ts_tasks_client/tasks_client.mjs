// The official TypeScript SDK 1.x client following a 2025-11-25 task of an MCP server over stdio.
// Usage: node tasks_client.mjs <server command> ; prints one JSON report on stdout.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [command, tool, argsJson] = process.argv.slice(2);
const transport = new StdioClientTransport({ command, args: [], env: process.env, stderr: "ignore" });
const client = new Client({ name: "ts-tasks-test", version: "1.0.0" });
await client.connect(transport);

const report = { capabilities: client.getServerCapabilities(), messages: [] };
const tools = (await client.listTools()).tools;
report.execution = Object.fromEntries(tools.map((t) => [t.name, t.execution ?? null]));

const stream = client.experimental.tasks.callToolStream(
  { name: tool, arguments: JSON.parse(argsJson) },
  undefined,
  { task: { ttl: 600000 } },
);
for await (const message of stream) {
  report.messages.push(message.type === "error" ? { type: "error", error: String(message.error) } : message);
}
const created = report.messages.find((m) => m.type === "taskCreated");
if (created) {
  report.task = await client.experimental.tasks.getTask(created.task.taskId);
  report.list = await client.experimental.tasks.listTasks();
}
await client.close();
process.stdout.write(JSON.stringify(report));
