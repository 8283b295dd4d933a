/**
 * EventBridge event-pattern matching for the local runtime. It follows the AWS content-filtering
 * rules (and aws/event-ruler, the engine behind them) so that a rule which routes an event here
 * routes it on a real bus too, and a pattern the real PutRule would refuse is refused here, with the
 * JSON path of the offending piece so the author can find it in a large pattern.
 */

type Leaf = string | number | boolean | null;
/** Tests one object level of the event; a non-object level is treated as having no fields. */
type LevelTest = (level: unknown) => boolean;
type ValueTest = (value: Leaf) => boolean;
export type EventMatcher = (event: unknown) => boolean;

/**
 * Names event-ruler keeps for operators, present and planned, and refuses as field names anywhere
 * inside `$or`: there one almost always means an operator object lost its enclosing array.
 */
const RESERVED_IN_OR = new Set([
  'exactly', 'prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case',
  'date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range',
  'ip-address-in-range', 'ip-address-not-in-range',
]);

/** Throws an Error naming the JSON path of the first invalid piece of `pattern`. */
export function validatePattern(pattern: unknown): void {
  compileRoot(pattern);
}

/** Validates `pattern` once and returns its matcher; throws like {@link validatePattern}. */
export function compilePattern(pattern: unknown): EventMatcher {
  return compileRoot(pattern);
}

/** Rules are matched against every event on the bus: each pattern object is compiled once. */
const compiled = new WeakMap<object, EventMatcher>();

/** True when `event` satisfies `pattern`; throws like {@link validatePattern} on an invalid pattern. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) return compileRoot(pattern)(event);
  let matcher = compiled.get(pattern);
  if (!matcher) {
    matcher = compileRoot(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher(event);
}

function compileRoot(pattern: unknown): LevelTest {
  if (!isObject(pattern)) throw invalid('$', 'an event pattern must be a JSON object');
  return compileLevel(pattern, '$', false);
}

function compileLevel(pattern: Record<string, unknown>, path: string, insideOr: boolean): LevelTest {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw invalid(path, 'empty objects are not allowed');
  const tests = keys.map((key): LevelTest => {
    const value = pattern[key];
    const at = childPath(path, key);
    if (key === '$or') return compileOr(value, at);
    if (insideOr && RESERVED_IN_OR.has(key)) {
      throw invalid(at, `"${key}" is a reserved operator name and cannot be a field inside $or`);
    }
    return compileField(key, value, at, insideOr);
  });
  return (level) => tests.every((test) => test(level));
}

function compileField(key: string, value: unknown, path: string, insideOr: boolean): LevelTest {
  if (Array.isArray(value)) {
    const test = compileLeafArray(value, path);
    return (level) => test(leavesOf(field(level, key)));
  }
  if (isObject(value)) {
    const test = compileLevel(value, path, insideOr);
    return (level) => {
      const child = field(level, key);
      if (!Array.isArray(child)) return test(child);
      // Each array element is tried whole, so fields matched together come from the same element.
      const elements = child.flat(Infinity);
      return elements.length === 0 ? test(undefined) : elements.some(test);
    };
  }
  throw invalid(path, 'must be an object or an array');
}

function compileOr(value: unknown, path: string): LevelTest {
  if (!Array.isArray(value)) throw invalid(path, '$or must be an array of pattern objects');
  if (value.length < 2) throw invalid(path, '$or needs at least 2 pattern objects');
  const branches = value.map((branch: unknown, i) => {
    if (!isObject(branch)) throw invalid(`${path}[${i}]`, 'only objects are allowed in $or');
    return compileLevel(branch, `${path}[${i}]`, true);
  });
  return (level) => branches.some((branch) => branch(level));
}

/** A leaf array matches when any of its entries does; `exists` looks at presence, the rest at values. */
function compileLeafArray(entries: readonly unknown[], path: string): (leaves: readonly Leaf[]) => boolean {
  if (entries.length === 0) throw invalid(path, 'empty arrays are not allowed');
  const tests = entries.map((entry, i) => {
    const at = `${path}[${i}]`;
    if (isLeaf(entry)) return valueEntry(exactTest(entry));
    if (!isObject(entry)) throw invalid(at, 'match value must be a string, number, boolean, null or an operator object');
    const [operator, ...extra] = Object.keys(entry);
    if (operator === undefined) throw invalid(at, 'empty objects are not allowed');
    if (extra.length > 0) throw invalid(at, 'only one key allowed in a match expression');
    const operand = entry[operator];
    const opPath = childPath(at, operator);
    if (operator === 'exists') {
      if (typeof operand !== 'boolean') throw invalid(opPath, 'exists must be true or false');
      // Only leaf values count: an object, or an array without leaves, is not a present leaf.
      return (leaves: readonly Leaf[]) => (leaves.length > 0) === operand;
    }
    return valueEntry(compileOperator(operator, operand, opPath));
  });
  return (leaves) => tests.some((test) => test(leaves));
}

function valueEntry(test: ValueTest): (leaves: readonly Leaf[]) => boolean {
  return (leaves) => leaves.some(test);
}

function compileOperator(operator: string, operand: unknown, path: string): ValueTest {
  switch (operator) {
    case 'prefix':
      return affixTest(operand, path, (value, affix) => value.startsWith(affix));
    case 'suffix':
      return affixTest(operand, path, (value, affix) => value.endsWith(affix));
    case 'equals-ignore-case': {
      const expected = requireString(operand, path).toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === expected;
    }
    case 'wildcard':
      return wildcardTest(requireString(operand, path), path);
    case 'anything-but':
      return anythingButTest(operand, path);
    case 'numeric':
      return numericTest(operand, path);
    case 'cidr':
      return cidrTest(requireString(operand, path), path);
    default:
      throw invalid(path, `unrecognized match type "${operator}"`);
  }
}

function exactTest(expected: Leaf): ValueTest {
  const address = typeof expected === 'string' ? ipAddress(expected) : undefined;
  if (!address) return (value) => value === expected;
  // event-ruler compares an IP address in a pattern as an address, so any spelling of it matches.
  return (value) => value === expected || (typeof value === 'string' && sameAddress(ipAddress(value), address));
}

function affixTest(operand: unknown, path: string, has: (value: string, affix: string) => boolean): ValueTest {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      throw invalid(path, 'the only operator allowed here is equals-ignore-case');
    }
    const affix = requireString(operand['equals-ignore-case'], childPath(path, 'equals-ignore-case')).toLowerCase();
    return (value) => typeof value === 'string' && has(value.toLowerCase(), affix);
  }
  const affix = requireString(operand, path);
  return (value) => typeof value === 'string' && has(value, affix);
}

function anythingButTest(operand: unknown, path: string): ValueTest {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const [operator] = keys;
    if (keys.length !== 1 || operator === undefined) throw invalid(path, 'only one key allowed in anything-but');
    const at = childPath(path, operator);
    if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator)) {
      throw invalid(at, `anything-but does not support "${operator}"`);
    }
    const inner = operand[operator];
    const values = Array.isArray(inner) ? inner : [inner];
    if (values.length === 0) throw invalid(at, 'empty arrays are not allowed');
    const excluded = values.map((v: unknown, i) => {
      const vPath = Array.isArray(inner) ? `${at}[${i}]` : at;
      if (v === '' && (operator === 'prefix' || operator === 'suffix')) {
        throw invalid(vPath, `an empty ${operator} is not allowed in anything-but`);
      }
      return compileOperator(operator, requireString(v, vPath), vPath);
    });
    // A non-string value never matches the string forms, so it is always "anything but" them.
    return (value) => !excluded.some((test) => test(value));
  }
  const values = Array.isArray(operand) ? operand : [operand];
  if (values.length === 0) throw invalid(path, 'empty arrays are not allowed');
  const allStrings = values.every((v) => typeof v === 'string');
  const allNumbers = values.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!allStrings && !allNumbers) {
    throw invalid(path, 'anything-but takes a string, a number, or an array of only strings or only numbers');
  }
  return (value) => !values.includes(value);
}

function numericTest(operand: unknown, path: string): ValueTest {
  if (!Array.isArray(operand)) throw invalid(path, 'numeric must be an array such as [">", 0, "<=", 5]');
  if (operand.length !== 2 && operand.length !== 4) {
    throw invalid(path, 'numeric takes one comparison or a lower and an upper bound');
  }
  const [firstOp, firstValue, secondOp, secondValue] = operand as unknown[];
  const first = comparison(firstOp, firstValue, `${path}[0]`);
  if (operand.length === 2) return (value) => typeof value === 'number' && first(value);
  // Two comparisons form a range, which event-ruler only accepts as lower bound then upper bound.
  if (firstOp !== '>' && firstOp !== '>=') throw invalid(`${path}[0]`, 'a numeric range must start with > or >=');
  if (secondOp !== '<' && secondOp !== '<=') throw invalid(`${path}[2]`, 'a numeric range must end with < or <=');
  const second = comparison(secondOp, secondValue, `${path}[2]`);
  if ((firstValue as number) >= (secondValue as number)) {
    throw invalid(path, 'the lower bound must be less than the upper bound');
  }
  return (value) => typeof value === 'number' && first(value) && second(value);
}

function comparison(op: unknown, bound: unknown, path: string): (value: number) => boolean {
  if (typeof bound !== 'number' || !Number.isFinite(bound)) {
    throw invalid(path, `the value after "${String(op)}" must be a number`);
  }
  switch (op) {
    case '=': return (value) => value === bound;
    case '>': return (value) => value > bound;
    case '>=': return (value) => value >= bound;
    case '<': return (value) => value < bound;
    case '<=': return (value) => value <= bound;
    default: throw invalid(path, `unrecognized numeric operator ${JSON.stringify(op)}; use =, >, >=, < or <=`);
  }
}

/**
 * Matched segment by segment rather than through a RegExp, so a pattern such as "*a*a*a*b" cannot
 * backtrack catastrophically on a long event value.
 */
function wildcardTest(pattern: string, path: string): ValueTest {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') {
      if (pattern[i + 1] === '*') throw invalid(path, `consecutive wildcard characters at position ${i}`);
      segments.push(current);
      current = '';
    } else if (char === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') {
        throw invalid(path, `invalid escape at position ${i}; only \\* and \\\\ are allowed`);
      }
      current += next;
      i++;
    } else {
      current += char;
    }
  }
  segments.push(current);
  const head = segments[0] ?? '';
  const tail = segments.length > 1 ? (segments[segments.length - 1] ?? '') : undefined;
  const middle = segments.slice(1, -1);
  return (value) => {
    if (typeof value !== 'string') return false;
    if (tail === undefined) return value === head;
    if (!value.startsWith(head) || value.length < head.length + tail.length || !value.endsWith(tail)) return false;
    let cursor = head.length;
    const end = value.length - tail.length;
    for (const segment of middle) {
      const found = value.indexOf(segment, cursor);
      if (found < 0 || found + segment.length > end) return false;
      cursor = found + segment.length;
    }
    return true;
  };
}

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

function cidrTest(block: string, path: string): ValueTest {
  const [address, maskText, ...rest] = block.split('/');
  const base = address === undefined ? undefined : ipAddress(address);
  if (base === undefined || maskText === undefined || rest.length > 0 || !/^\d{1,3}$/.test(maskText)) {
    throw invalid(path, `"${block}" is not a CIDR block such as 10.0.0.0/24 or 2001:db8::/32`);
  }
  const maskBits = Number(maskText);
  // event-ruler rejects a full-length mask: a single address is matched with a plain string value instead.
  if (base.bits === 32 && maskBits > 31) throw invalid(path, 'IPv4 mask bits must be < 32');
  if (base.bits === 128 && maskBits > 127) throw invalid(path, 'IPv6 mask bits must be < 128');
  const hostBits = BigInt(base.bits - maskBits);
  const network = base.value >> hostBits;
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = ipAddress(value);
    return ip !== undefined && ip.bits === base.bits && ip.value >> hostBits === network;
  };
}

function sameAddress(a: IpAddress | undefined, b: IpAddress): boolean {
  return a !== undefined && a.bits === b.bits && a.value === b.value;
}

/**
 * An IPv4 address in dotted decimal or an IPv6 address in hexadecimal groups (with at most one
 * `::`), as event-ruler reads them; IPv4-mapped IPv6 (::ffff:a00:1) is the IPv4 address it maps,
 * as Java's InetAddress reads it. Anything else, including mixed notation, is not an address.
 */
function ipAddress(text: string): IpAddress | undefined {
  return text.includes(':') ? ipv6(text) : ipv4(text);
}

function ipv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return { bits: 32, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
}

function ipv6(text: string): IpAddress | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (![...head, ...tail].every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const elided = 8 - head.length - tail.length;
  if (halves.length === 1 ? elided !== 0 : elided < 1) return undefined;
  const groups = [...head, ...Array<string>(elided).fill('0'), ...tail];
  const value = groups.reduce((acc, group) => (acc << 16n) | BigInt(`0x${group}`), 0n);
  if (value >> 32n === 0xffffn) return { bits: 32, value: value & 0xffffffffn };
  return { bits: 128, value };
}

function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalid(path, 'must be a string');
  return value;
}

function field(level: unknown, key: string): unknown {
  return isObject(level) && Object.hasOwn(level, key) ? level[key] : undefined;
}

/** The leaf values at a field: arrays (nested ones too) are flattened, objects are not leaves. */
function leavesOf(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'boolean'
    || (typeof value === 'number' && Number.isFinite(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function invalid(path: string, message: string): Error {
  return new Error(`invalid event pattern at ${path}: ${message}`);
}
