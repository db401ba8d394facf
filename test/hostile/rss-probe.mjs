// Loaded with `node --import` into a CLI run by the hostile suite: on exit, writes the process's peak resident set
// size (KiB, getrusage maxrss) to the file named by MESHLENS_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.MESHLENS_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
