/**
 * JSON output as istioctl prints it: Go's `json.MarshalIndent` over protobuf JSON (`protojson`, field
 * names in lowerCamelCase) with Go's HTML-safe string escaping (`<` → `\u003c`, `>` → `\u003e`,
 * `&` → `\u0026`, U+2028/2029 escaped). Envoy's admin `/config_dump` writes the same messages with
 * their original snake_case names, so {@link toProtoJsonNames} renames keys without knowing the schema:
 * it leaves map keys and `google.protobuf.Struct` contents alone where Envoy's schema says they are
 * (filter metadata, node metadata, runtime layers, TypedStruct values).
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Fields whose value is a `map<string, …>`: keys kept, values are messages. */
const MAP_OF_MESSAGES = new Set(['typed_filter_metadata', 'typed_per_filter_config', 'per_filter_config']);
/** Fields whose value is opaque to renaming (Struct, map<string, Struct|string>). */
const OPAQUE = new Set(['filter_metadata', 'key_values', 'static_layer']);
const STRUCT_TYPES = new Set([
  'type.googleapis.com/google.protobuf.Struct',
  'type.googleapis.com/udpa.type.v1.TypedStruct',
  'type.googleapis.com/xds.type.v3.TypedStruct',
]);

/** Protobuf JSON name of a proto field name (`port_value` → `portValue`). */
export function protoJsonName(field: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(field) || !field.includes('_')) return field;
  return field.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Rename snake_case proto field names to protobuf JSON names, recursively. `parentKey` is the field the
 * value belongs to (`node.metadata` is a Struct).
 */
export function toProtoJsonNames(v: unknown, parentKey = '', grandKey = ''): Json {
  if (Array.isArray(v)) return v.map((x) => toProtoJsonNames(x, parentKey, grandKey));
  if (v === null || typeof v !== 'object') return v as Json;
  const o = v as Record<string, unknown>;
  if (OPAQUE.has(parentKey) || (parentKey === 'metadata' && grandKey === 'node')) return sortedDeep(o);
  const out: Record<string, Json> = {};
  const structTyped = typeof o['@type'] === 'string' && STRUCT_TYPES.has(o['@type'] as string);
  const isMap = MAP_OF_MESSAGES.has(parentKey);
  const keys = isMap ? Object.keys(o).sort(byteOrder) : Object.keys(o);
  for (const k of keys) {
    const val = o[k];
    if (isMap) {
      out[k] = toProtoJsonNames(val, '', parentKey);
    } else if (structTyped && k === 'value') {
      out[k] = sortedDeep(val);
    } else {
      out[protoJsonName(k)] = toProtoJsonNames(val, k, parentKey);
    }
  }
  return out;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** protojson writes map entries and `google.protobuf.Struct` fields with keys sorted. */
function sortedDeep(v: unknown): Json {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (v === null || typeof v !== 'object') return v as Json;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v).sort(byteOrder)) out[k] = sortedDeep((v as Record<string, unknown>)[k]);
  return out;
}

/** `json.MarshalIndent(v, "", indent)` for an already-ordered JSON value. */
export function goJsonIndent(v: unknown, indent = '    '): string {
  const out: string[] = [];
  write(v, '', indent, out);
  return out.join('');
}

function write(v: unknown, cur: string, indent: string, out: string[]): void {
  if (v === null || v === undefined) {
    out.push('null');
  } else if (typeof v === 'string') {
    out.push(goQuote(v));
  } else if (typeof v === 'number') {
    out.push(goNumber(v));
  } else if (typeof v === 'boolean') {
    out.push(v ? 'true' : 'false');
  } else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const next = cur + indent;
    out.push('[\n');
    v.forEach((x, i) => {
      out.push(next);
      write(x, next, indent, out);
      out.push(i < v.length - 1 ? ',\n' : '\n');
    });
    out.push(cur + ']');
  } else {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) {
      out.push('{}');
      return;
    }
    const next = cur + indent;
    out.push('{\n');
    entries.forEach(([k, x], i) => {
      out.push(next + goQuote(k) + ': ');
      write(x, next, indent, out);
      out.push(i < entries.length - 1 ? ',\n' : '\n');
    });
    out.push(cur + '}');
  }
}

/** Go's float formatting for JSON (`strconv.AppendFloat(f, 'f'|'e', -1, 64)` as encoding/json does). */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return n.toExponential();
  return String(n);
}

const HEX = '0123456789abcdef';

/** A JSON string literal with Go encoding/json escaping (HTML-safe). */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    else if (c === 0x2028 || c === 0x2029) out += '\\u202' + HEX[c & 15];
    else out += s[i];
  }
  return out + '"';
}
