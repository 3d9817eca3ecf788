/**
 * A matcher for the subset of the CloudWatch Logs JSON filter-pattern syntax the trail-alarms step
 * uses (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events):
 * `{ … }` around comparisons `$.a.b = value`, `$.a.b != value` and `$.a.b NOT EXISTS`, joined with
 * `&&` and `||` (`&&` binding tighter) and grouped with parentheses; values quoted or bare, with `*`
 * as a wildcard. A comparison on a property the event does not have is false, `=` or `!=` alike, as
 * in CloudWatch Logs. Anything outside the subset throws, so a pattern the matcher cannot read fails
 * the test instead of passing it.
 */

type Node = { op: '&&' | '||'; left: Node; right: Node } | { cmp: '=' | '!='; path: string[]; value: string } | { notExists: string[] };

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|&&|\|\||!=|=|\(|\)|\{|\}|NOT EXISTS|[^\s()=!&|{}]+)/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (m = re.exec(text))) {
    tokens.push(m[1] ?? '');
    at = re.lastIndex;
    if (/^\s*$/.test(text.slice(at))) break;
  }
  if (!/^\s*$/.test(text.slice(at))) throw new Error(`cannot read the pattern from: ${text.slice(at)}`);
  return tokens;
}

function parse(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const next = () => tokens[i++];
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${text}`);
  };
  const term = (): Node => {
    if (peek() === '(') {
      next();
      const e = orExpr();
      expect(')');
      return e;
    }
    const sel = next() ?? '';
    if (!sel.startsWith('$.')) throw new Error(`expected a selector, got ${sel}`);
    const path = sel.slice(2).split('.');
    const op = next();
    if (op === 'NOT EXISTS') return { notExists: path };
    if (op !== '=' && op !== '!=') throw new Error(`unsupported operator ${op ?? ''}`);
    const raw = next() ?? '';
    return { cmp: op, path, value: raw.startsWith('"') ? raw.slice(1, -1) : raw };
  };
  const andExpr = (): Node => {
    let left = term();
    while (peek() === '&&') {
      next();
      left = { op: '&&', left, right: term() };
    }
    return left;
  };
  const orExpr = (): Node => {
    let left = andExpr();
    while (peek() === '||') {
      next();
      left = { op: '||', left, right: andExpr() };
    }
    return left;
  };
  expect('{');
  const tree = orExpr();
  expect('}');
  if (i !== tokens.length) throw new Error(`unread tokens in ${text}`);
  return tree;
}

function lookup(event: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), event);
}

function wildcard(pattern: string, value: string): boolean {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);
}

function evaluate(n: Node, event: unknown): boolean {
  if ('op' in n) return n.op === '&&' ? evaluate(n.left, event) && evaluate(n.right, event) : evaluate(n.left, event) || evaluate(n.right, event);
  if ('notExists' in n) return lookup(event, n.notExists) === undefined;
  const v = lookup(event, n.path);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  const same = wildcard(n.value, String(v));
  return n.cmp === '=' ? same : !same;
}

/** True when `pattern` matches the CloudTrail event `event`. */
export function filterMatches(pattern: string, event: unknown): boolean {
  return evaluate(parse(pattern), event);
}
