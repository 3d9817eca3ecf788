/**
 * Current vs proposed settings. Rows that change carry an arrow and a bold proposed value, so the
 * difference reads without colour too; unchanged rows are dim.
 */
import { Box, Text } from 'ink';
import type { ComparisonTable as Table } from '../../steps/types.js';

const ARROW = '→ ';

export function ComparisonTable({ table, width }: { table: Table; width: number }) {
  const [labelHead, currentHead, proposedHead] = table.columns;
  const labelWidth = Math.max(labelHead.length, ...table.rows.map((r) => r.label.length)) + 2;
  const currentWidth = Math.max(currentHead.length, ...table.rows.map((r) => r.current.length)) + 1;
  // Whatever is left goes to the proposed column; long values are truncated rather than wrapped.
  const proposedWidth = Math.max(1, width - labelWidth - currentWidth - ARROW.length);
  const cell = (w: number, text: string, props: { bold?: boolean; dim?: boolean; color?: 'green' } = {}) => (
    <Box width={w} flexShrink={0}>
      <Text wrap="truncate-end" bold={props.bold ?? false} dimColor={props.dim ?? false} {...(props.color ? { color: props.color } : {})}>
        {text}
      </Text>
    </Box>
  );
  return (
    <Box flexDirection="column">
      <Box>
        {cell(labelWidth, labelHead, { dim: true })}
        {cell(currentWidth, currentHead, { dim: true })}
        {cell(ARROW.length, '')}
        {cell(proposedWidth, proposedHead, { dim: true })}
      </Box>
      {table.rows.map((row) => (
        <Box key={row.label}>
          {cell(labelWidth, row.label, { dim: !row.changes })}
          {cell(currentWidth, row.current, { dim: !row.changes })}
          {cell(ARROW.length, row.changes ? ARROW : '')}
          {cell(proposedWidth, row.proposed, row.changes ? { bold: true, color: 'green' } : { dim: true })}
        </Box>
      ))}
    </Box>
  );
}
