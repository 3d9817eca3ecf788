/**
 * Checks one AWS config file path as the user this process runs as (a test starts it as an ordinary
 * user: root ignores permission bits). Prints one JSON line: {ok} or {error: {message, remedy}}.
 */
import { assertConfigWritable } from '../../src/aws/config-file.js';
import { describeError } from '../../src/errors.js';

try {
  assertConfigWritable(process.argv[2] ?? '');
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
} catch (e) {
  const { message, remedy } = describeError(e);
  process.stdout.write(`${JSON.stringify({ error: { message, remedy } })}\n`);
}
