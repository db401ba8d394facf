// The packaged engine (out/electron/engine.mjs, what utilityProcess.fork runs) built and driven the way the
// main process drives it: messages in through process.parentPort, answers and status events out.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const DRIVER = `
import { EventEmitter } from 'node:events';
const port = new EventEmitter();
const out = [];
process.parentPort = { on: (ev, cb) => port.on('in', cb), postMessage: (m) => { out.push(m); port.emit('out', m); } };
await import(process.cwd() + '/out/electron/engine.mjs');
const call = (id, method, args = []) => new Promise((res) => { port.on('out', (m) => { if (m.id === id) res(m); }); port.emit('in', { data: { id, method, args } }); });
const settled = new Promise((r) => port.on('out', (m) => { if (m.type === 'status' && ['ready', 'error'].includes(m.status.state)) r(m.status); }));
await call(1, 'open', [process.cwd() + '/samples/ca-overload']);
const status = await settled;
const report = (await call(2, 'report')).value;
const logs = (await call(3, 'queryLogs', [{ text: 'ca request failed', offset: 0, limit: 1 }])).value;
const bad = await call(4, 'eval', ['1']);
console.log(JSON.stringify({ status: status.state, top: report?.rootCauses[0]?.id, logHits: logs?.total, bad }));
process.exit(0);
`;

describe('bundled engine', () => {
  it('builds, opens the sample and answers through the same allow-list', () => {
    const build = spawnSync(process.execPath, ['electron/build.mjs'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', DRIVER], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(r.status).toBe('ready');
    expect(r.top).toBe('external-ca-overload');
    expect(r.logHits).toBeGreaterThan(0);
    expect(r.bad).toMatchObject({ ok: false, error: 'unknown method "eval"' });
  }, 240_000);
});
