/**
 * D-Bus message encoding for dbus.ts: little-endian method calls out, replies in, for the handful of
 * types the Secret Service calls use (y b u i s o g v a ( {). Wire format:
 * https://dbus.freedesktop.org/doc/dbus-specification.html#message-protocol
 */

/** A D-Bus value: [signature, value] for a variant, a Map for a dict, an array for an array or struct. */
export type DBusValue = string | number | boolean | Buffer | DBusValue[] | [string, DBusValue] | Map<string, DBusValue>;

class Writer {
  private buf = Buffer.alloc(256);
  len = 0;
  private room(n: number) {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next);
    this.buf = next;
  }
  align(n: number) {
    const pad = (n - (this.len % n)) % n;
    this.room(pad);
    this.buf.fill(0, this.len, this.len + pad);
    this.len += pad;
  }
  byte(v: number) {
    this.room(1);
    this.buf.writeUInt8(v, this.len++);
  }
  u32(v: number) {
    this.align(4);
    this.room(4);
    this.buf.writeUInt32LE(v, this.len);
    this.len += 4;
  }
  raw(b: Buffer) {
    this.room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
  }
  /** Writes one value of the single complete type `sig`. */
  value(sig: string, v: DBusValue): void {
    const t = sig[0] ?? ''; // an empty signature falls to the default
    switch (t) {
      case 'y':
        return this.byte(v as number);
      case 'b':
        return this.u32(v ? 1 : 0);
      case 'u':
      case 'i':
        return this.u32(v as number);
      case 's':
      case 'o': {
        const b = Buffer.from(v as string, 'utf8');
        this.u32(b.length);
        this.raw(b);
        return this.byte(0);
      }
      case 'g': {
        const b = Buffer.from(v as string, 'utf8');
        this.byte(b.length);
        this.raw(b);
        return this.byte(0);
      }
      case 'v': {
        const [inner, value] = v as [string, DBusValue];
        this.value('g', inner);
        return this.value(inner, value);
      }
      case 'a': {
        const elem = sig.slice(1);
        this.u32(0);
        const at = this.len - 4;
        this.align(alignOf(elem));
        const start = this.len;
        if (elem[0] === '{') {
          const [k, val] = splitTypes(elem.slice(1, -1));
          for (const [key, x] of v as Map<string, DBusValue>) {
            this.align(8);
            this.value(k!, key);
            this.value(val!, x);
          }
        } else if (elem === 'y') this.raw(v as Buffer);
        else for (const x of v as DBusValue[]) this.value(elem, x);
        this.buf.writeUInt32LE(this.len - start, at);
        return;
      }
      case '(': {
        this.align(8);
        const parts = splitTypes(sig.slice(1, -1));
        parts.forEach((p, i) => this.value(p, (v as DBusValue[])[i]!));
        return;
      }
      default:
        throw new Error(`D-Bus type ${sig} is not supported here`);
    }
  }
  done(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

function alignOf(sig: string): number {
  const t = sig[0];
  if (t === 'y' || t === 'g' || t === 'v') return 1;
  if (t === '(' || t === '{' || t === 'x' || t === 't' || t === 'd') return 8;
  return 4;
}

/** Length of the first complete type in `sig`. */
function typeLength(sig: string, at = 0): number {
  const t = sig[at];
  if (t === 'a') return 1 + typeLength(sig, at + 1);
  if (t === '(' || t === '{') {
    const close = t === '(' ? ')' : '}';
    let i = at + 1;
    while (sig[i] !== close) i += typeLength(sig, i);
    return i + 1 - at;
  }
  return 1;
}

/** Splits a signature into its complete types. */
export function splitTypes(sig: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < sig.length;) {
    const n = typeLength(sig, i);
    out.push(sig.slice(i, i + n));
    i += n;
  }
  return out;
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos = 0,
    private readonly base = 0,
  ) {}
  private align(n: number) {
    this.pos += (n - ((this.pos - this.base) % n)) % n;
  }
  value(sig: string): DBusValue {
    const t = sig[0] ?? ''; // an empty signature falls to the default
    switch (t) {
      case 'y':
        return this.buf.readUInt8(this.pos++);
      case 'b':
      case 'u':
      case 'i': {
        this.align(4);
        const v = t === 'i' ? this.buf.readInt32LE(this.pos) : this.buf.readUInt32LE(this.pos);
        this.pos += 4;
        return t === 'b' ? v !== 0 : v;
      }
      case 's':
      case 'o': {
        const n = this.value('u') as number;
        const s = this.buf.toString('utf8', this.pos, this.pos + n);
        this.pos += n + 1;
        return s;
      }
      case 'g': {
        const n = this.buf.readUInt8(this.pos++);
        const s = this.buf.toString('utf8', this.pos, this.pos + n);
        this.pos += n + 1;
        return s;
      }
      case 'v': {
        const inner = this.value('g') as string;
        return [inner, this.value(inner)];
      }
      case 'a': {
        const n = this.value('u') as number;
        const elem = sig.slice(1);
        this.align(alignOf(elem));
        const end = this.pos + n;
        if (elem === 'y') {
          const b = Buffer.from(this.buf.subarray(this.pos, end));
          this.pos = end;
          return b;
        }
        if (elem[0] === '{') {
          const [k, val] = splitTypes(elem.slice(1, -1));
          const m = new Map<string, DBusValue>();
          while (this.pos < end) {
            this.align(8);
            const key = this.value(k!) as string;
            m.set(key, this.value(val!));
          }
          return m;
        }
        const out: DBusValue[] = [];
        while (this.pos < end) out.push(this.value(elem));
        return out;
      }
      case '(': {
        this.align(8);
        return splitTypes(sig.slice(1, -1)).map((p) => this.value(p));
      }
      default:
        throw new Error(`D-Bus type ${sig} is not supported here`);
    }
  }
}

export interface MethodCall {
  destination: string;
  path: string;
  iface: string;
  member: string;
  signature?: string;
  args?: DBusValue[];
}

export interface Message {
  type: number;
  replySerial?: number;
  errorName?: string;
  body: DBusValue[];
}

export function encodeCall(serial: number, c: MethodCall): Buffer {
  const body = new Writer();
  const sig = c.signature ?? '';
  splitTypes(sig).forEach((t, i) => body.value(t, c.args?.[i] ?? ''));
  const fields: DBusValue[] = [
    [1, ['o', c.path]],
    [2, ['s', c.iface]],
    [3, ['s', c.member]],
    [6, ['s', c.destination]],
  ];
  if (sig) fields.push([8, ['g', sig]]);
  const h = new Writer();
  h.raw(Buffer.from([0x6c, 1, 0, 1])); // little-endian, METHOD_CALL, no flags, protocol 1
  h.u32(body.len);
  h.u32(serial);
  h.value('a(yv)', fields);
  h.align(8);
  return Buffer.concat([h.done(), body.done()]);
}

/** One complete message from the front of `buf`, or undefined when more bytes are needed. */
export function decode(buf: Buffer): { msg: Message; size: number } | undefined {
  if (buf.length < 16) return undefined;
  if (buf[0] !== 0x6c) throw new Error('a big-endian D-Bus message (not supported here)');
  const bodyLen = buf.readUInt32LE(4);
  const fieldsLen = buf.readUInt32LE(12);
  const bodyAt = 16 + fieldsLen + ((8 - ((16 + fieldsLen) % 8)) % 8);
  if (buf.length < bodyAt + bodyLen) return undefined;
  const fields = new Reader(buf, 12).value('a(yv)') as [number, [string, DBusValue]][];
  const field = (code: number) => fields.find(([c]) => c === code)?.[1][1];
  const sig = (field(8) as string | undefined) ?? '';
  const r = new Reader(buf, bodyAt, bodyAt);
  const body = splitTypes(sig).map((t) => r.value(t));
  const replySerial = field(5) as number | undefined;
  const errorName = field(4) as string | undefined;
  return { msg: { type: buf[1]!, ...(replySerial !== undefined ? { replySerial } : {}), ...(errorName ? { errorName } : {}), body }, size: bodyAt + bodyLen };
}
