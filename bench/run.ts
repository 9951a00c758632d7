/**
 * `npm run bench`: the API against a bare Fastify + raw-driver baseline, same database, same
 * queries, same load. Prints requests/s, p50 and p99 for both sides and their ratios, and the
 * API's memory under load. Reports the targets; never fails on them (run on demand, not in CI).
 *
 * Settings (environment): BENCH_DURATION (seconds per scenario and side, default 10),
 * BENCH_CONNECTIONS (default 10), BENCH_CUSTOMERS (default 2000), BENCH_DIRECTORY (default 5000),
 * BENCH_ONLY (run the scenarios whose name contains it), BENCH_BACKEND (embedded engine backend:
 * memory, the default, or h2 — the durable file store), BENCH_API_NODE_ARGS (e.g.
 * `--cpu-prof --cpu-prof-dir=bench/results` to profile the API under load).
 */
import autocannon, { Result } from 'autocannon';
import { ChildProcess, spawn } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { MongoClient } from 'mongodb';
import { startEmbeddedEngine } from '@app/database';
import { seedBenchFixture } from './fixture';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DB_NAME = 'bench';
const API_PORT = 3591;
const BASELINE_PORT = 3592;
const ADMIN = { email: 'bench-admin@logic.camp', password: 'Bench-Admin-Passw0rd!' };

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: object;
  /** Runs once before the scenario's API side (e.g. subscribes webhooks). */
  setup?: () => Promise<void>;
}

interface Side {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function main(): Promise<void> {
  const backend = process.env.BENCH_BACKEND === 'h2' ? 'h2' : 'memory';
  if (backend === 'h2') rmSync('./data/bench', { recursive: true, force: true });
  const engine = await startEmbeddedEngine({ backend, dataDir: './data/bench' });
  const children: ChildProcess[] = [];
  const stopAll = async () => {
    for (const child of children) child.kill('SIGTERM');
    await engine.stop();
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const env = { ...process.env, MONGODB_URI: engine.uri, MONGODB_DB_NAME: DB_NAME };
    const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const api = start('node', [...nodeArgs, 'dist/apps/api/src/main.js'], {
      ...env,
      NODE_ENV: 'development',
      PORT: String(API_PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      SCHEDULER_ENABLED: 'false',
      // The limiter stays in every request's path (its counter round trip is part of the cost) but far
      // above what one benchmark client sends: at the default ceiling the API side measured 429s.
      RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    children.push(api);
    await waitFor(`http://127.0.0.1:${API_PORT}/health/ready`, api);

    const login = await json(`http://127.0.0.1:${API_PORT}/auth/login`, { method: 'POST', body: ADMIN });
    const token = login.access_token as string;
    const client = await new MongoClient(engine.uri).connect();
    const fixture = await seedBenchFixture(client.db(DB_NAME), {
      customers: Number(process.env.BENCH_CUSTOMERS ?? 2000),
      directory: Number(process.env.BENCH_DIRECTORY ?? 5000),
      managerId: login.user.id,
    });
    await client.close();

    const baseline = start('node', ['-r', 'ts-node/register/transpile-only', 'bench/baseline-server.ts'], {
      ...env,
      PORT: String(BASELINE_PORT),
      BENCH_CALLER_ID: login.user.id,
    });
    children.push(baseline);
    await waitFor(`http://127.0.0.1:${BASELINE_PORT}/customers?limit=1`, baseline);

    const scenarios: Scenario[] = [
      { name: 'list 50 customers + owner, lead', method: 'GET', path: '/customers?limit=50&populate=owner,lead' },
      { name: 'get one project by id', method: 'GET', path: `/projects/${fixture.projectId}` },
      { name: 'create a lead', method: 'POST', path: '/leads', body: fixture.leadBody },
      { name: 'directory search', method: 'GET', path: `/business-directory?q=${fixture.searchWord}&limit=20` },
      // Issue 17: delivery is asynchronous, so three active subscriptions should cost the write path (almost) nothing.
      { name: 'create a lead, 3 webhooks', method: 'POST', path: '/leads', body: fixture.leadBody, setup: () => subscribeWebhooks(token, 3) },
    ];

    const selected = scenarios.filter((scenario) => scenario.name.includes(process.env.BENCH_ONLY ?? ''));
    console.log(`\n${selected.length} scenarios × ${DURATION}s × ${CONNECTIONS} connections; engine ${engine.kind} (${backend}); ${fixture.summary}\n`);
    const rows: string[][] = [];
    let peakRssMb = 0;
    for (const scenario of selected) {
      const baselineResult = await load(BASELINE_PORT, scenario, {});
      await scenario.setup?.();
      const rss = sampleRss(api.pid!);
      const apiResult = await load(API_PORT, scenario, { authorization: `Bearer ${token}` });
      peakRssMb = Math.max(peakRssMb, rss.stop());
      rows.push([
        scenario.name,
        fmt(apiResult.rps),
        fmt(baselineResult.rps),
        ratio(apiResult.rps, baselineResult.rps),
        `${apiResult.p50} / ${apiResult.p99}`,
        `${baselineResult.p50} / ${baselineResult.p99}`,
        ratio(apiResult.p99, baselineResult.p99),
        `${apiResult.non2xx + apiResult.errors} / ${baselineResult.non2xx + baselineResult.errors}`,
      ]);
    }
    printTable(['scenario', 'API req/s', 'base req/s', 'rps ratio', 'API p50/p99 ms', 'base p50/p99 ms', 'p99 ratio', 'non-2xx API/base'], rows);
    console.log(`\nAPI peak RSS under load: ${peakRssMb.toFixed(0)} MB`);
    console.log('Targets (reported, not enforced): rps ratio ≥ 0.75, p99 ratio ≤ 1.5.');
  } finally {
    await stopAll();
  }
}

/** A loopback receiver answering 204 to every delivery, subscribed `count` times to lead.created. */
async function subscribeWebhooks(token: string, count: number): Promise<void> {
  const receiver = createServer((request, response) => request.resume().on('end', () => response.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiver.unref();
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  for (let i = 0; i < count; i++) {
    const response = await fetch(`http://127.0.0.1:${API_PORT}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, event_types: ['lead.created'] }),
    });
    if (response.status !== 201) throw new Error(`webhook subscription failed: ${response.status} ${await response.text()}`);
  }
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code) console.error(`${args.join(' ')} exited with ${code}:\n${stderr}`);
  });
  return child;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) throw new Error(`process for ${url} exited early`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not become ready in 60 s`);
}

async function json(url: string, { method, body }: { method: string; body: object }): Promise<any> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function load(port: number, scenario: Scenario, headers: Record<string, string>): Promise<Side> {
  const result: Result = await autocannon({
    url: `http://127.0.0.1:${port}${scenario.path}`,
    method: scenario.method,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { ...headers, ...(scenario.body ? { 'content-type': 'application/json' } : {}) },
    body: scenario.body ? JSON.stringify(scenario.body) : undefined,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

/** Samples the process's resident set size every 250 ms; `stop()` returns the peak in MB. */
function sampleRss(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match) peak = Math.max(peak, Number(match[1]) / 1024);
  };
  read();
  const timer = setInterval(read, 250);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

const fmt = (value: number) => value.toFixed(0);
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
