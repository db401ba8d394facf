import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder (where package.json is), found from this module's URL. The module runs from
 * `analyzers/node/` (sources, tests), `out/cli/` (the built CLI) or `out/electron/` (the desktop engine):
 * all three are two levels below the root.
 */
export const PACKAGE_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** The package version, read once from package.json at the package root. */
export const TOOL_VERSION: string = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')).version;
