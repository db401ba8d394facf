/** The two corpus archives unchanged (rewritten through the same path as every variant, so the writer is tested too). */
import type { Variant } from '../variant.js';

export const variants: Variant[] = [
  { name: 'pristine/may2023', cause: null, archive: 'may2023', how: 'the May 2023 archive as it is (known fault: istio-init refused by GKE Autopilot)', build() {} },
  { name: 'pristine/sep2023', cause: null, archive: 'sep2023', how: 'the Sep 2023 archive as it is (no fault at capture; past outages only)', build() {} },
];
