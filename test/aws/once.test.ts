/** sendOnce's rule, without AWS: adopt what a lost or "already exists" create made; send again only when it did not. */
import { describe, expect, it, vi } from 'vitest';
import { sendOnce } from '../../src/aws/once.js';
import { AmbiguousResultError } from '../../src/aws/retry.js';

const lost = () => new AmbiguousResultError('iam:CreateGroup', 'server');
const exists = Object.assign(new Error('exists'), { exists: true });
const isExists = (e: unknown) => (e as { exists?: boolean }).exists === true;

describe('sendOnce', () => {
  it('a lost answer for a change that took effect: adopted, not sent again', async () => {
    const send = vi.fn().mockRejectedValueOnce(lost());
    const settle = vi.fn().mockResolvedValue('made');
    await expect(sendOnce(send, settle, isExists)).resolves.toBe('made');
    expect(send).toHaveBeenCalledTimes(1);
    expect(settle).toHaveBeenCalledWith('lost');
  });

  it('a lost answer for a change that did not take effect: sent once more', async () => {
    const send = vi.fn().mockRejectedValueOnce(lost()).mockResolvedValueOnce('second');
    await expect(sendOnce(send, vi.fn().mockResolvedValue(undefined), isExists)).resolves.toBe('second');
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('not visible yet after a lost answer, then "already exists": the first one took effect, adopted', async () => {
    const send = vi.fn().mockRejectedValueOnce(lost()).mockRejectedValueOnce(exists);
    const settle = vi.fn().mockResolvedValueOnce(undefined).mockResolvedValueOnce('made');
    await expect(sendOnce(send, settle, isExists)).resolves.toBe('made');
    expect(settle.mock.calls).toEqual([['lost'], ['exists']]);
  });

  it('"already exists" for something that is not what was asked: the error stands', async () => {
    const send = vi.fn().mockRejectedValueOnce(exists);
    await expect(sendOnce(send, vi.fn().mockResolvedValue(undefined), isExists)).rejects.toBe(exists);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('any other error is not its business', async () => {
    const other = new Error('AccessDenied');
    const settle = vi.fn();
    await expect(sendOnce(vi.fn().mockRejectedValueOnce(other), settle, isExists)).rejects.toBe(other);
    expect(settle).not.toHaveBeenCalled();
  });
});
