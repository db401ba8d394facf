// Loaded with `node --import` into a CLI run by the hostile suite: on exit, writes the process's peak resident set
// size (KiB) to the file named by MESHLENS_RSS_FILE. On Linux it is /proc/self/status VmHWM: getrusage's maxrss
// would also count the parent's pages, inherited through fork and exec.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.MESHLENS_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(peakKiB())));
