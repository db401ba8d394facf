/**
 * Every variant `npm run eval` builds, and the catalogue causes no variant shows (with the reason). The registry
 * is an explicit list, like the engine's.
 */
import type { Variant } from './variant.js';
import { variants as pristine } from './inject/pristine.js';
import { variants as drSubsetNoEndpoints } from './inject/dr-subset-no-endpoints.js';

export const ALL_VARIANTS: Variant[] = [...pristine, ...drSubsetNoEndpoints];

/** Catalogue causes without a variant, and why (printed under the table). */
export const NOT_SHOWN: Array<{ cause: string; why: string }> = [];
