/** Property tests of redaction: masking is total for the secret shapes it knows, idempotent, and pseudonyms are stable. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../analyzers/report/redact.js';
import { fuzz } from './config.js';

const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{6,60}$/);
const jwt = fc.tuple(b64url, b64url, b64url).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`);
const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.integer({ min: 1, max: 254 })).filter(([a]) => a !== 127).map((o) => o.join('.'));
const filler = fc.oneof(fc.constantFrom(' ', ': ', ' token ', '\t', '"', 'Bearer ', 'password=', ' to ', ','), fc.string({ maxLength: 12 }));
const text = fc.array(fc.oneof(jwt, ip, filler, fc.constantFrom('-----BEGIN PRIVATE KEY-----MIIEvgIBADAN', 'reviews.default.svc.cluster.local', 'api.example.com')), { maxLength: 12 }).map((p) => p.join(''));

describe('Redactor', () => {
  it('leaves no JWT, is idempotent, and never throws', () => {
    fc.assert(fc.property(text, (s) => {
      const r = new Redactor();
      const once = r.text(s);
      expect(once).not.toMatch(/eyJ[A-Za-z0-9_-]{6,}\.eyJ/);
      expect(once).not.toContain('BEGIN PRIVATE KEY');
      expect(r.text(once)).toBe(once);
    }), fuzz(1000));
  });

  it('gives an IP the same pseudonym wherever it appears, and different IPs different ones', () => {
    fc.assert(fc.property(fc.uniqueArray(ip, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (ips, picks) => {
      const r = new Redactor(['ips']);
      const seen = new Map<string, string>();
      for (const i of [...picks.map((p) => p % ips.length), ...ips.keys()]) {
        const out = r.text(`from ${ips[i]}:8080 to x`);
        const m = /^from (ip-\d+):8080 to x$/.exec(out);
        expect(m, out).not.toBeNull();
        if (seen.has(ips[i]!)) expect(m![1]).toBe(seen.get(ips[i]!));
        seen.set(ips[i]!, m![1]!);
      }
      expect(new Set(seen.values()).size).toBe(ips.length);
    }), fuzz(500));
  });
});
