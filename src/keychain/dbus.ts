/**
 * Just enough of a D-Bus client to call a few methods on the session bus: connect (unix socket), EXTERNAL
 * authentication, little-endian method calls and their replies. It exists for one job, reading the
 * items the keytar versions wrote (secret-service.ts): @napi-rs/keyring cannot search by their
 * attributes, and the point of the move was to need no libsecret. Encoding: dbus-wire.ts. Connecting and
 * authenticating: https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol
 */
import { connect, type Socket } from 'node:net';
import { decode, encodeCall, type DBusValue, type MethodCall } from './dbus-wire.js';

export type { DBusValue, MethodCall } from './dbus-wire.js';

/** The session bus's socket path from DBUS_SESSION_BUS_ADDRESS (unix:path=… or unix:abstract=…). */
export function sessionBusPath(address: string | undefined): string {
  for (const a of (address ?? '').split(';')) {
    if (!a.startsWith('unix:')) continue;
    const kv = new Map(
      a
        .slice(5)
        .split(',')
        .map((p) => p.split('=', 2) as [string, string]),
    );
    const unescape = (s: string) => decodeURIComponent(s);
    if (kv.get('path')) return unescape(kv.get('path')!);
    if (kv.get('abstract')) return `\0${unescape(kv.get('abstract')!)}`;
  }
  throw new Error(`no usable D-Bus session bus address (DBUS_SESSION_BUS_ADDRESS=${address ?? ''})`);
}

export interface Bus {
  call(c: MethodCall): Promise<DBusValue[]>;
  close(): void;
}

/** Connects to the session bus and says Hello. */
export function openSessionBus(env: NodeJS.ProcessEnv = process.env): Promise<Bus> {
  return new Promise((resolve, reject) => {
    let sock: Socket;
    try {
      sock = connect({ path: sessionBusPath(env.DBUS_SESSION_BUS_ADDRESS) });
    } catch (e) {
      reject(e);
      return;
    }
    let pending = Buffer.alloc(0);
    let authed = false;
    let serial = 0;
    const waiting = new Map<number, { resolve: (b: DBusValue[]) => void; reject: (e: Error) => void }>();
    const fail = (e: Error) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
      reject(e);
      sock.destroy();
    };
    const bus: Bus = {
      call(c) {
        const n = ++serial;
        return new Promise((res, rej) => {
          waiting.set(n, { resolve: res, reject: rej });
          sock.write(encodeCall(n, c));
        });
      },
      close: () => sock.end(),
    };
    sock.setTimeout(30_000, () => fail(new Error('the D-Bus session bus did not answer within 30 s')));
    sock.on('error', fail);
    sock.on('connect', () => {
      const uid = String(process.getuid?.() ?? 0);
      sock.write(`\0AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`);
    });
    sock.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      if (!authed) {
        const eol = pending.indexOf('\r\n');
        if (eol < 0) return;
        const line = pending.toString('latin1', 0, eol);
        pending = pending.subarray(eol + 2);
        if (!line.startsWith('OK ')) return fail(new Error(`D-Bus authentication refused (${line})`));
        authed = true;
        sock.write('BEGIN\r\n');
        bus.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', iface: 'org.freedesktop.DBus', member: 'Hello' }).then(() => resolve(bus), fail);
      }
      for (;;) {
        let got;
        try {
          got = decode(pending);
        } catch (e) {
          return fail(e as Error);
        }
        if (!got) return;
        pending = pending.subarray(got.size);
        const { msg } = got;
        const w = msg.replySerial === undefined ? undefined : waiting.get(msg.replySerial);
        if (!w || (msg.type !== 2 && msg.type !== 3)) continue; // signals and strays
        waiting.delete(msg.replySerial!);
        if (msg.type === 2) w.resolve(msg.body);
        else w.reject(new Error(`${msg.errorName ?? 'D-Bus error'}: ${typeof msg.body[0] === 'string' ? msg.body[0] : ''}`));
      }
    });
  });
}
