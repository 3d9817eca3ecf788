/**
 * Colour is decided here, before Ink (and its chalk) load: chalk decides once, when it is imported,
 * and honours FORCE_COLOR but not NO_COLOR (https://no-color.org). So NO_COLOR (any non-empty value)
 * and TERM=dumb turn colour off by setting FORCE_COLOR=0 — unless FORCE_COLOR is set, which wins.
 * Imported for its effect, first, by run.tsx.
 */
export function colorEnv(env: NodeJS.ProcessEnv): { FORCE_COLOR?: string } {
  if (env.FORCE_COLOR !== undefined) return {};
  if ((env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb') return { FORCE_COLOR: '0' };
  return {};
}

Object.assign(process.env, colorEnv(process.env));
