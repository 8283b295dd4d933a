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

const OPERATORS = new Set([
  'prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard',
]);

/** Throws an Error naming the JSON path of the first invalid piece of `pattern`. */
export function validatePattern(pattern: unknown): void {
  compileRoot(pattern);
}

/** True when `event` satisfies `pattern`; throws like {@link validatePattern} on an invalid pattern. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compileRoot(pattern)(event);
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
    // An operator name here almost always means an operator object lost its enclosing array.
    if (insideOr && OPERATORS.has(key)) {
      throw invalid(at, `"${key}" is a reserved operator name and cannot be a field inside $or`);
    }
    if (Array.isArray(value)) {
      const test = compileLeafArray(value, at);
      return (level) => test(leavesOf(field(level, key)));
    }
    if (isObject(value)) {
      const test = compileLevel(value, at, insideOr);
      return (level) => {
        const child = field(level, key);
        if (!Array.isArray(child)) return test(child);
        // Each array element is tried whole, so fields matched together come from the same element.
        const elements = child.flat(Infinity);
        return elements.length === 0 ? test(undefined) : elements.some(test);
      };
    }
    throw invalid(at, 'must be an object or an array');
  });
  return (level) => tests.every((test) => test(level));
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
  return (value) => value === expected;
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

function cidrTest(block: string, path: string): ValueTest {
  const [address, bits, ...rest] = block.split('/');
  const base = address === undefined ? undefined : ipv4(address);
  if (base === undefined || bits === undefined || rest.length > 0 || !/^\d{1,2}$/.test(bits)) {
    throw invalid(path, `"${block}" is not an IPv4 CIDR block such as 10.0.0.0/24`);
  }
  const prefixLength = Number(bits);
  // event-ruler rejects /32: a single address is matched with a plain string value instead.
  if (prefixLength > 31) throw invalid(path, 'IPv4 mask bits must be < 32');
  const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  const network = (base & mask) >>> 0;
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = ipv4(value);
    return ip !== undefined && ((ip & mask) >>> 0) === network;
  };
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
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
