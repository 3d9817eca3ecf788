/**
 * The options of a choice question on the wizard's own keyboard: it registers the 'select' keymap
 * (↑ ↓, wrapping around), and every move is the answer so far. Enter belongs to the screen around it.
 * Drawn as ink-select-input drew it: a blue ❯ and label on the highlighted option.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeymap } from '../keyboard/index.js';

export interface SelectListProps {
  options: ReadonlyArray<{ value: string; label: string }>;
  /** The chosen value; one that is not an option is replaced by the first. */
  value: string;
  isActive: boolean;
  onChange: (value: string) => void;
}

export function SelectList({ options, value, isActive, onChange }: SelectListProps) {
  const indexOf = (v: string) =>
    Math.max(
      0,
      options.findIndex((o) => o.value === v),
    );
  // As of the last key, not the last render: two ↓ before the next frame move two options.
  const highlighted = useRef(indexOf(value));
  const seen = useRef(value);
  if (seen.current !== value) {
    seen.current = value;
    if (options[highlighted.current]?.value !== value) highlighted.current = indexOf(value);
  }
  const [, setHighlighted] = useState(highlighted.current);
  // A value that is no option shows the first one highlighted: make that the answer, so enter takes
  // what the operator sees.
  useLayoutEffect(() => {
    const first = options[0];
    if (first && !options.some((o) => o.value === value)) onChange(first.value);
    // Once, for the value the list opened with: a new question is a new list (keyed by its id).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- mount-only by design, see above
  }, []);

  const move = (by: 1 | -1) => {
    if (options.length === 0) return;
    const next = (highlighted.current + by + options.length) % options.length;
    highlighted.current = next;
    const option = options[next];
    if (option) onChange(option.value);
    setHighlighted(next);
  };
  useKeymap('select', { 'choose-previous': () => move(-1), 'choose-next': () => move(1) }, { isActive });

  return (
    <Box flexDirection="column">
      {options.map((o, i) => {
        const on = i === highlighted.current;
        return (
          <Box key={o.value}>
            <Box marginRight={1}>{on ? <Text color="blue">❯</Text> : <Text> </Text>}</Box>
            <Text {...(on ? { color: 'blue' } : {})}>{o.label}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
