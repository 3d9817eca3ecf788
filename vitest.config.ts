import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Integration tests each start their own emulator; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // Never let the SDK's credential chain reach for the EC2 metadata service from a test.
    // CI=false: screen tests render Ink as on a terminal; under CI=true Ink only writes the final frame.
    // The SDK's Node-version notice concerns releases the lockfile does not install (see src/cli.ts).
    env: { AWS_EC2_METADATA_DISABLED: 'true', CI: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
