import { describe, expect, it } from 'vitest';
import { UsageError, parseCli } from '../src/args.js';

describe('parseCli', () => {
  it('defaults to the wizard', () => {
    expect(parseCli([])).toMatchObject({ command: 'wizard', dryRun: false, yes: false, sandbox: false, json: false });
  });
  it('reads every global flag', () => {
    expect(parseCli(['audit', '--json', '--profile', 'p', '--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:5000', '--dry-run', '-y', '--config', 'a.json', '--debug'])).toEqual({
      command: 'audit',
      json: true,
      profile: 'p',
      region: 'eu-west-1',
      endpointUrl: 'http://127.0.0.1:5000',
      dryRun: true,
      yes: true,
      config: 'a.json',
      sandbox: false,
      debug: true,
    });
  });
  it('plan is a dry run nobody answers, with or without --json', () => {
    expect(parseCli(['plan'])).toMatchObject({ command: 'plan', dryRun: true, yes: true, json: false });
    expect(parseCli(['plan', '--json', '--config', 'a.json'])).toMatchObject({ command: 'plan', dryRun: true, yes: true, json: true, config: 'a.json' });
  });
  it('answers help and version', () => {
    expect(parseCli(['--help'])).toBe('help');
    expect(parseCli(['-V'])).toBe('version');
  });
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['--json'], /--json goes with the audit, plan and keys list commands/],
    [['--sandbox', '--profile', 'x'], /--sandbox brings its own account/],
    [['--endpoint-url', 'localhost:4566'], /must be an http\(s\) URL/],
    [['--region', 'Mars'], /not a region name/],
    [['--profile'], /argument missing/],
    [['--sandbox=bogus'], /--sandbox=bogus is not an account shape the sandbox has; choose one of: fresh, org-member, console-trail, aws-cn, console-login/],
    [['--region', 'xx-fake-1'], /--region: "xx-fake-1" is not an AWS region name/],
    [['--region', 'us-iso-east-1'], /the region us-iso-east-1 is in the aws-iso partition, which aws-harden does not support/],
    [['--region', 'us-gov-west-1'], /aws-us-gov partition/],
  ])('refuses %j with a specific message', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
  it('--sandbox alone is the fresh account; --sandbox=SHAPE picks a shape', () => {
    expect(parseCli(['--sandbox'])).toMatchObject({ sandbox: true, sandboxShape: 'fresh' });
    expect(parseCli(['--sandbox=org-member', '--yes'])).toMatchObject({ sandbox: true, sandboxShape: 'org-member', yes: true });
    expect(parseCli(['audit', '--sandbox=aws-cn', '--region', 'cn-northwest-1'])).toMatchObject({ command: 'audit', sandboxShape: 'aws-cn', region: 'cn-northwest-1' });
    expect(parseCli([])).not.toHaveProperty('sandboxShape');
  });
});
