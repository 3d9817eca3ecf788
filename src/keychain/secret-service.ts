/**
 * keytar-era items in the Secret Service (https://specifications.freedesktop.org/secret-service-spec/latest/),
 * over dbus.ts: search by attributes, read one item's secret in a "plain" session (the secret crosses
 * only the local session bus, as with libsecret's default), delete it. Items in a locked collection are
 * reported as such, never read, never taken for "no item".
 */
import { openSessionBus, type Bus, type DBusValue } from './dbus.js';

const SECRETS = 'org.freedesktop.secrets';

export class LockedItemError extends Error {}

async function withBus<T>(fn: (bus: Bus) => Promise<T>): Promise<T> {
  const bus = await openSessionBus();
  try {
    return await fn(bus);
  } finally {
    bus.close();
  }
}

async function search(bus: Bus, attributes: Record<string, string>): Promise<{ unlocked: string[]; locked: string[] }> {
  const [unlocked, locked] = await bus.call({
    destination: SECRETS,
    path: '/org/freedesktop/secrets',
    iface: 'org.freedesktop.Secret.Service',
    member: 'SearchItems',
    signature: 'a{ss}',
    args: [new Map(Object.entries(attributes))],
  });
  return { unlocked: unlocked as string[], locked: locked as string[] };
}

function refuseLocked(locked: string[]): void {
  if (locked.length) throw new LockedItemError(`an entry written by an earlier aws-harden is in a locked collection (${locked[0]})`);
}

/** The secret of the first item with these attributes, or undefined when there is none. */
export function readItem(attributes: Record<string, string>): Promise<Buffer | undefined> {
  return withBus(async (bus) => {
    const { unlocked, locked } = await search(bus, attributes);
    if (!unlocked.length) {
      refuseLocked(locked);
      return undefined;
    }
    const [, session] = await bus.call({
      destination: SECRETS,
      path: '/org/freedesktop/secrets',
      iface: 'org.freedesktop.Secret.Service',
      member: 'OpenSession',
      signature: 'sv',
      args: ['plain', ['s', '']],
    });
    const [secret] = await bus.call({ destination: SECRETS, path: unlocked[0]!, iface: 'org.freedesktop.Secret.Item', member: 'GetSecret', signature: 'o', args: [session as string] });
    return (secret as DBusValue[])[2] as Buffer;
  });
}

/** Deletes every item with these attributes; the number deleted. */
export function deleteItems(attributes: Record<string, string>): Promise<number> {
  return withBus(async (bus) => {
    const { unlocked, locked } = await search(bus, attributes);
    refuseLocked(locked);
    for (const item of unlocked) {
      const [prompt] = await bus.call({ destination: SECRETS, path: item, iface: 'org.freedesktop.Secret.Item', member: 'Delete' });
      if (prompt !== '/') throw new LockedItemError(`deleting ${item} needs the keyring's confirmation (a prompt); delete it in Passwords and Keys (Seahorse)`);
    }
    return unlocked.length;
  });
}
