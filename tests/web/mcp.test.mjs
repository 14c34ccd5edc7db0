// mcp.test.mjs — the MCP door (`caremeter serve --mcp`) driven by the official MCP TypeScript
// SDK's client over stdio, as an assistant would: it lists the tools, calls calculate_charges for
// the README's person and gets the figures `caremeter calculate` gives; errors come back as tool
// errors naming the field; stored accounts with --db. Also revision 2026-07-28's discovery and
// per-request version, which the SDK does not speak yet, through raw lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { binary, rulesDir, readmePerson, run, serve } from './support/caremeter.mjs';

const tmp = mkdtempSync(path.join(tmpdir(), 'caremeter-mcp-'));

async function connect(extraArgs = []) {
  const transport = new StdioClientTransport({
    command: binary,
    args: ['serve', '--mcp', '--rules', rulesDir, ...extraArgs],
    stderr: 'pipe',
  });
  const client = new Client({ name: 'caremeter-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

// What `caremeter calculate` prints for the person, date and scenario.
function calculateOnCommandLine(person, asOf, scenario) {
  const file = path.join(tmp, `${person.id}.json`);
  writeFileSync(file, JSON.stringify(person));
  const r = run(['calculate', '--person', file, '--as-of', asOf, '--scenario', scenario, '--rules', rulesDir]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the SDK client negotiates, lists the calculators, and gets the figures caremeter calculate gives', async () => {
  const client = await connect();
  try {
    assert.equal(client.getServerVersion().name, 'caremeter');
    assert.deepEqual(client.getServerCapabilities().tools, { listChanged: false });
    const { tools } = await client.listTools();
    // Without a database, only the calculators.
    assert.deepEqual(tools.map((t) => t.name), ['calculate_charges', 'compare_scenarios']);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.outputSchema.type, 'object');
      assert.ok(tool.description.length > 40);
    }
    const calc = tools.find((t) => t.name === 'calculate_charges');
    assert.deepEqual(calc.inputSchema.required, ['person', 'as_of']);
    assert.ok(calc.inputSchema.$defs.person, 'the person schema travels with the tool');

    const result = await client.callTool({
      name: 'calculate_charges',
      arguments: { person: readmePerson, as_of: '2025-09-30', scenario: 'reform-2023-10' },
    });
    assert.equal(result.isError, false);
    // The SDK has validated structuredContent against the outputSchema; it is what the command
    // line gives, figure for figure.
    assert.deepEqual(result.structuredContent, calculateOnCommandLine(readmePerson, '2025-09-30', 'reform-2023-10'));
    const account = result.structuredContent.account;
    // By hand: under reform-2023-10 the account opens 2023-10-01; £700 a week less £200 daily
    // living costs = £500 a week accrues; 2023-10-01..2025-09-30 is 731 days, so
    // 500 × 731 / 7 = 52,214.2857… → £52,214.29, and 86,000 − 52,214.29 = £33,785.71.
    assert.equal(account.accrued, '52214.29');
    assert.equal(account.remaining, '33785.71');
    assert.equal(account.current_weekly.accruing, '500.00');
    assert.equal(account.current_weekly.person_pays, '700.00');
    // The rest, 33,785.71 at 500/7 a day, takes 473.0 days → 473 days after 2025-09-30 = 2027-01-16.
    assert.equal(account.projected_cap_date, '2027-01-16');
    const text = result.content[0].text;
    assert.match(text, /the person pays £700\.00 a week and the council pays £0\.00/);
    assert.match(text, /£52,214\.29 counted so far, £33,785\.71 to go/);
    assert.match(text, /16 January 2027/);
    assert.deepEqual(JSON.parse(result.content[1].text), result.structuredContent);
  } finally {
    await client.close();
  }
});

test('compare_scenarios gives one result per scenario, each as calculate gives it', async () => {
  const client = await connect();
  try {
    const scenarios = ['current-law', 'reform-2023-10', 'reform-2025-10'];
    const result = await client.callTool({
      name: 'compare_scenarios',
      arguments: { person: readmePerson, as_of: '2026-03-31', scenarios },
    });
    assert.equal(result.isError, false);
    assert.equal(result.structuredContent.results.length, 3);
    scenarios.forEach((s, i) => {
      assert.deepEqual(result.structuredContent.results[i], calculateOnCommandLine(readmePerson, '2026-03-31', s));
    });
    // Current law has no cap.
    assert.equal(result.structuredContent.results[0].account.cap, null);
    assert.equal(result.content[0].text.split('\n').length, 3);
  } finally {
    await client.close();
  }
});

test('a refused input is a tool error naming the field; an unknown tool is a protocol error', async () => {
  const client = await connect();
  try {
    const bad = structuredClone(readmePerson);
    bad.care[0].weekly_fee = '700.001';
    const result = await client.callTool({ name: 'calculate_charges', arguments: { person: bad, as_of: '2025-09-30' } });
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent, undefined);
    assert.match(result.content[0].text, /\(at \/person\/care\/0\/weekly_fee\)/);
    const error = JSON.parse(result.content[1].text);
    assert.equal(error.code, -32602);
    assert.equal(error.data.pointer, '/person/care/0/weekly_fee');

    // get_care_account needs a database, which this service was not given.
    await assert.rejects(client.callTool({ name: 'get_care_account', arguments: { person_id: 'P-000123', as_of: '2025-09-30' } }),
                         /needs a database/);
    await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /unknown tool 'no_such_tool'/);
  } finally {
    await client.close();
  }
});

test('with --db, the stored-account tools read and issue statements for people stored through JSON-RPC', async () => {
  const db = path.join(tmp, 'accounts.db');
  const put = run(['serve', '--db', db, '--rules', rulesDir],
                  JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'person.put', params: { person: readmePerson } }) + '\n');
  assert.equal(put.status, 0, put.stderr);
  assert.equal(JSON.parse(put.stdout).result.revision, 1);

  const client = await connect(['--db', db]);
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['calculate_charges', 'compare_scenarios', 'get_care_account', 'get_statement']);
    assert.equal(tools.find((t) => t.name === 'get_statement').annotations.readOnlyHint, false);
    const account = await client.callTool({
      name: 'get_care_account', arguments: { person_id: 'P-000123', as_of: '2025-09-30', scenario: 'reform-2023-10' } });
    assert.equal(account.isError, false);
    assert.deepEqual(account.structuredContent, calculateOnCommandLine(readmePerson, '2025-09-30', 'reform-2023-10'));

    const statement = await client.callTool({
      name: 'get_statement', arguments: { person_id: 'P-000123', period_end: '2025-09-30', scenario: 'reform-2023-10' } });
    assert.equal(statement.isError, false);
    // The README's statement: £52,214.29 accrued (as above), £26,071.43 in the period
    // (365 days from 2024-10-01 at 500/7 a day = 26,071.428… → 26,071.43), cap date 2027-01-16.
    assert.equal(statement.structuredContent.accrued, '52214.29');
    assert.equal(statement.structuredContent.progress.accrued_in_period, '26071.43');
    assert.equal(statement.structuredContent.indicative_cap_date, '2027-01-16');
    assert.match(statement.content[0].text, /1 October 2024 to 30 September 2025/);

    const unknown = await client.callTool({ name: 'get_care_account', arguments: { person_id: 'P-NOBODY', as_of: '2025-09-30' } });
    assert.equal(unknown.isError, true);
    assert.equal(JSON.parse(unknown.content[1].text).code, -32004);
  } finally {
    await client.close();
  }
});

// Raw lines to `caremeter serve --mcp`, answers by id (and the count of answer lines).
function mcpLines(messages) {
  const r = run(['serve', '--mcp', '--rules', rulesDir], messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join('\n') + '\n');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  return { lines, byId: new Map(lines.map((l) => JSON.parse(l)).filter((a) => !Array.isArray(a)).map((a) => [a.id, a])) };
}

test('revision 2026-07-28: server/discover and requests naming their version, without a handshake', () => {
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' };
  const { byId } = mcpLines([
    { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } },
    { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: meta } },
    { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { _meta: meta, name: 'calculate_charges',
      arguments: { person: readmePerson, as_of: '2025-09-30', scenario: 'reform-2023-10' } } },
    { jsonrpc: '2.0', id: 4, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '1900-01-01' } } },
  ]);
  const discover = byId.get(1).result;
  assert.equal(discover.resultType, 'complete');
  assert.deepEqual(discover.supportedVersions, ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']);
  assert.equal(discover._meta['io.modelcontextprotocol/serverInfo'].name, 'caremeter');
  const list = byId.get(2).result;
  assert.equal(list.resultType, 'complete');
  assert.equal(typeof list.ttlMs, 'number');
  assert.equal(list.cacheScope, 'public');
  assert.equal(list.tools.length, 2);
  assert.equal(byId.get(3).result.structuredContent.account.accrued, '52214.29');
  assert.equal(byId.get(4).error.code, -32022);
  assert.equal(byId.get(4).error.data.requested, '1900-01-01');
});

test('an older client gets its own version, without structured output; notifications are never answered', () => {
  const { lines, byId } = mcpLines([
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'old', version: '1' } } },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', method: 'tools/call', params: { name: 'calculate_charges', arguments: {} } },
    { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    { jsonrpc: '2.0', id: 3, method: 'ping' },
    { jsonrpc: '2.0', id: 4, method: 'initialize', params: { protocolVersion: '2099-01-01', capabilities: {} } },
    [{ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } }],
    'not json',
  ]);
  assert.equal(byId.get(1).result.protocolVersion, '2025-03-26');
  const tools = byId.get(2).result.tools;
  assert.equal(tools[0].outputSchema, undefined);
  assert.equal(tools[0].title, undefined);
  assert.deepEqual(byId.get(3).result, {});
  // A version this server does not speak: it offers its newest with a handshake.
  assert.equal(byId.get(4).result.protocolVersion, '2025-11-25');
  assert.equal(byId.get(null).error.code, -32700);
  // Five answers: initialize, tools/list, ping, initialize, the parse error. None to the two
  // notifications or to the batch of one notification.
  assert.equal(lines.length, 5);
});
