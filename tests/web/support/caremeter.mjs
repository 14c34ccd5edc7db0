// caremeter.mjs — what the node tests share: where the program, the sources and the artifacts
// are (ctest passes them in the environment), and running the real program.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.CAREMETER_SOURCE_DIR ?? path.resolve(here, '../../..');
export const binary = process.env.CAREMETER_BINARY ?? path.join(sourceDir, 'build/service/caremeter');
export const rulesDir = path.join(sourceDir, 'rules');
export const artifactsDir = process.env.CAREMETER_ARTIFACTS ?? path.join(sourceDir, 'build/test-artifacts');
mkdirSync(artifactsDir, { recursive: true });

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function schemaFiles() {
  const dir = path.join(sourceDir, 'service/schema');
  return readdirSync(dir).filter((f) => f.endsWith('.schema.json')).map((f) => path.join(dir, f));
}

// Every JSON file under dir, recursively.
export function jsonFilesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFilesUnder(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

// Runs `caremeter args...` with the given standard input; returns {status, stdout, stderr}.
export function run(args, input = '') {
  const r = spawnSync(binary, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Sends JSON-RPC requests to `caremeter serve` over stdin; returns the answers by id.
export function serve(requests, extraArgs = []) {
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = run(['serve', '--db', ':memory:', '--rules', rulesDir, ...extraArgs], input);
  if (r.status !== 0) throw new Error(`caremeter serve exited ${r.status}: ${r.stderr}`);
  const byId = new Map();
  for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
    const answer = JSON.parse(line);
    byId.set(answer.id, answer);
  }
  return byId;
}

// Starts `caremeter serve --http 127.0.0.1:0 ...` and resolves with {url, child} once it logs the
// address it listens on.
export function startHttp(extraArgs = []) {
  const child = spawn(binary, ['serve', '--http', '127.0.0.1:0', '--rules', rulesDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
      if (m) {
        child.stderr.off('data', onData);
        child.stderr.resume();
        resolve({ url: m[1], child });
      }
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`caremeter serve --http exited ${code}: ${log}`)));
  });
}

// The README's example person (P-000123): in a care home since 2023-10-01 at £700 a week,
// £250,000 in savings and a state pension of £221.20 a week.
export const readmePerson = {
  id: 'P-000123',
  birth_date: '1946-03-14',
  household: { type: 'single' },
  needs: [{ from: '2023-10-01' }],
  care: [{ from: '2023-10-01', setting: 'care_home', category: 'residential', stay: 'permanent',
           arranged_by: 'self', personal_budget: '700.00', weekly_fee: '700.00' }],
  finances: [{ from: '2023-10-01', savings: '250000.00', income: [{ type: 'state_pension', weekly: '221.20' }] }],
};
