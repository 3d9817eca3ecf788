import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Integration tests each start their own emulator; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // Never let the SDK's credential chain reach for the EC2 metadata service from a test.
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
