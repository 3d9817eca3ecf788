/**
 * A one-line text input on the wizard's own keyboard: it registers the 'text-input' keymap, so its keys
 * come from the one KeypressProvider like every other key. Characters go in at the cursor (a paste
 * arrives as one string and goes in whole), backspace erases before it, ← → move it. Enter belongs to
 * the screen around it. The cursor is an inverse cell, as ink-text-input drew it.
 */
import { useRef, useState } from 'react';
import { Text } from 'ink';
import { useKeymap } from '../keyboard/index.js';

export interface TextInputProps {
  value: string;
  /** False: shown without a cursor, and deaf. */
  isActive: boolean;
  onChange: (value: string) => void;
}

interface Edit {
  /** By code point, so a cursor never splits a character. */
  chars: string[];
  cursor: number;
}

const at = (value: string, cursor?: number): Edit => {
  const chars = [...value];
  return { chars, cursor: cursor ?? chars.length };
};

export function TextInput({ value, isActive, onChange }: TextInputProps) {
  // The text as of the last key, not the last render: keys that arrive before the next frame must each
  // see the one before. The cursor starts at the end, after a prefilled default.
  const edit = useRef(at(value));
  // A value set from outside (not by a key here) replaces the text; a frame that merely lags does not.
  const seen = useRef(value);
  if (seen.current !== value) {
    seen.current = value;
    if (edit.current.chars.join('') !== value) edit.current = at(value);
  }
  const [, setCursor] = useState(edit.current.cursor);

  const apply = (chars: string[], cursor: number) => {
    const changed = chars.join('') !== edit.current.chars.join('');
    edit.current = { chars, cursor: Math.max(0, Math.min(chars.length, cursor)) };
    if (changed) onChange(chars.join(''));
    setCursor(edit.current.cursor);
  };
  useKeymap(
    'text-input',
    {
      type: (input) => {
        const { chars, cursor } = edit.current;
        const typed = [...input];
        apply([...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)], cursor + typed.length);
      },
      erase: () => {
        const { chars, cursor } = edit.current;
        if (cursor > 0) apply([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
      },
      'cursor-left': () => apply(edit.current.chars, edit.current.cursor - 1),
      'cursor-right': () => apply(edit.current.chars, edit.current.cursor + 1),
    },
    { isActive },
  );

  const { chars, cursor } = edit.current;
  if (!isActive) return <Text>{chars.join('')}</Text>;
  return (
    <Text>
      {chars.slice(0, cursor).join('')}
      <Text inverse>{chars[cursor] ?? ' '}</Text>
      {chars.slice(cursor + 1).join('')}
    </Text>
  );
}
