// The example runner the CLI uses (`meshlens rules test`), re-exported for the signature tests: the real scanner, no stubs.
export { eventOf, hitIds, scanLines } from '../../analyzers/signatures/examples.js';
