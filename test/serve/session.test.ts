import { afterAll, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../analyzers/contract/backend.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { analyzeOnThread } from '../../analyzers/node/serve/analysis-thread.js';
import { NotFound } from '../../analyzers/node/serve/errors.js';
import { BundleSession } from '../../analyzers/node/serve/session.js';
import { threadExecArgv } from '../../analyzers/node/serve/threads.js';
import { BUG_REPORT } from './corpus.js';

describe('a session opening a real bug-report', () => {
  const session = new BundleSession(analyzeOnThread);
  afterAll(() => session.close());

  it('answers the report while the log index still builds; log calls wait for the index', async () => {
    const seen: SessionStatus[] = [];
    let early: { findings: number; sources: Promise<unknown> } | undefined;
    let outside: Promise<unknown> | undefined;
    session.subscribe((s) => {
      seen.push(s);
      // asked while the bundle is still being read: waits for its files, then is NotFound (404), not a 500
      if (!outside && s.state === 'loading') outside = session.excerpt('../../../../etc/passwd', 1, 5).catch((e: unknown) => e);
      // the first status that says the report is ready: the report answers now, the log sources once indexed
      if (!early && s.state === 'loading' && s.reportReady) early = { findings: session.report().findings.length, sources: session.logSources() };
    });
    await session.open(BUG_REPORT);
    expect(session.status().state).toBe('ready');
    const firstReady = seen.findIndex((s) => s.state === 'loading' && s.reportReady);
    expect(firstReady).toBeGreaterThan(0);
    expect(seen.slice(0, firstReady).every((s) => s.state === 'loading' && !s.reportReady)).toBe(true);
    expect(seen.findIndex((s) => s.state === 'ready')).toBeGreaterThan(firstReady);
    expect(early!.findings).toBe(session.report().findings.length);
    const sources = (await early!.sources) as { files: unknown[] };
    expect(sources.files.length).toBeGreaterThan(0);
    expect(await outside).toBeInstanceOf(NotFound);
  });

  it('the analysis on its own thread gives the report analyzePath gives on this one', async () => {
    const here = await analyzePath(BUG_REPORT);
    const there = session.report();
    expect(there.findings.map((f) => f.id)).toEqual(here.findings.map((f) => f.id));
    expect(there.rootCauses.map((c) => [c.id, c.confidence])).toEqual(here.rootCauses.map((c) => [c.id, c.confidence]));
    expect(there.bundle.inventory).toEqual(here.bundle.inventory);
  });

  it('a path outside the bundle is NotFound (404) once open too', async () => {
    await expect(session.excerpt('../../../../etc/passwd', 1, 5)).rejects.toBeInstanceOf(NotFound);
    await expect(session.excerpt('bug-report/../../etc/passwd', 1, 5)).rejects.toBeInstanceOf(NotFound);
  });

  it('an unreadable bundle ends in an error status with the engine’s message, not a crash', async () => {
    const other = new BundleSession(analyzeOnThread);
    await other.open('/nonexistent/bundle.tar.gz');
    const s = other.status();
    expect(s.state).toBe('error');
    expect(s.state === 'error' && s.message).toMatch(/bundle\.tar\.gz/);
    await expect(other.logSources()).rejects.toThrow();
    await other.close();
  });
});

describe('threadExecArgv', () => {
  it.each([
    [['--input-type=module', '-e', 'code'], []],
    [['--input-type', 'module', '--eval', 'x', '--cpu-prof'], ['--cpu-prof']],
    [['--print=1+1', '--max-old-space-size=512'], ['--max-old-space-size=512']],
    [['--cpu-prof', '--cpu-prof-dir=/tmp/p'], ['--cpu-prof', '--cpu-prof-dir=/tmp/p']],
  ])('%j → %j (a thread cannot take `node -e` options)', (argv, expected) => {
    expect(threadExecArgv(argv)).toEqual(expected);
  });
});
