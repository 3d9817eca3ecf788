/** A bordered box with its title in the top border: `┌ Steps ─────┐`. */
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { truncate } from '../text.js';

export interface PanelProps {
  title: string;
  /** Outer width, border included. */
  width: number;
  /** Lines inside the border; content beyond is clipped. Natural height when absent. */
  height?: number;
  /** Secondary panels (the step list) are drawn dim so the eye goes to the current step. */
  dim?: boolean;
  children?: ReactNode;
}

/** Ink's borders have no titles, so the top line is drawn as text and the box has no top border. */
export function topBorder(title: string, width: number): string {
  const shown = truncate(title, Math.max(0, width - 4));
  if (!shown) return `┌${'─'.repeat(Math.max(0, width - 2))}┐`;
  return `┌ ${shown} ${'─'.repeat(Math.max(0, width - shown.length - 4))}┐`;
}

export function Panel({ title, width, height, dim = false, children }: PanelProps) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Text dimColor={dim}>{topBorder(title, width)}</Text>
      <Box borderStyle="single" borderTop={false} borderDimColor={dim} width={width} {...(height === undefined ? {} : { height: height + 1 })} flexDirection="column" paddingX={1} overflow="hidden">
        {/* Natural height inside, clipped by the box above: Yoga would otherwise squeeze lines together. */}
        <Box flexDirection="column" flexShrink={0}>
          {children}
        </Box>
      </Box>
    </Box>
  );
}
