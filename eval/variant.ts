/**
 * A fault variant: which catalogue cause it injects (or none: a pristine copy), into which corpus archive, how
 * (one line for the table), and the edit itself. Each `inject/<cause>.ts` exports its variants.
 */
import type { ArchiveId, Bundle } from './lib/bundle.js';

export interface Variant {
  /** `<cause>/<archive>-<how>`, unique; also the seed of the variant's randomness. */
  name: string;
  /** Catalogue id (ROOT-CAUSES.md) the engine should name, or null for a pristine copy. */
  cause: string | null;
  archive: ArchiveId;
  /** What the variant does, in a line (README and table). */
  how: string;
  build(b: Bundle): void;
}
