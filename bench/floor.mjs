// The benchmark's floor (a): Node zlib + tar-stream reading every byte of a .tar.gz with 1 MiB chunks and
// doing nothing else. Plain JavaScript (no tsx) so that nothing but reading is measured.
// Usage: node bench/floor.mjs BUNDLE.tar.gz  → prints the number of content bytes read.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import * as tarStream from 'tar-stream';

const CHUNK = 1 << 20;
const extract = tarStream.extract();
createReadStream(process.argv[2], { highWaterMark: CHUNK }).pipe(createGunzip({ chunkSize: CHUNK })).pipe(extract);
let bytes = 0;
for await (const entry of extract) for await (const chunk of entry) bytes += chunk.length;
console.log(bytes);
