/**
 * Stable ids for findings: FNV-1a (32-bit) over the parts, joined with U+001F, as 8 hex digits
 * prefixed by `f-`. The same analyzer, resource/group and message give the same id on every run,
 * so reports can be diffed and golden-tested.
 */
export function stableId(...parts: Array<string | number | undefined>): string {
  let h = 0x811c9dc5;
  const s = parts.map((p) => (p === undefined ? '' : String(p))).join('\u001f');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return 'f-' + (h >>> 0).toString(16).padStart(8, '0');
}

/** Fill `{{name}}` placeholders from `data`; unknown placeholders are left as they are so tests can catch them. */
export function renderTemplate(template: string, data: Record<string, string | number | undefined> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (data[k] === undefined ? m : String(data[k])));
}
