/**
 * A spinner that turns five times a second. Each turn rewrites its line on the terminal (see
 * ../repaint.ts), so its pace sets what an idle screen costs: ~1 KB/s here, where ink-spinner's
 * 12.5 turns a second would cost more than twice that.
 */
import { useEffect, useState } from 'react';
import { Text } from 'ink';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const SPINNER_INTERVAL_MS = 200;

export function Spinner() {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((n) => (n + 1) % FRAMES.length), SPINNER_INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);
  return <Text>{FRAMES[frame]}</Text>;
}
