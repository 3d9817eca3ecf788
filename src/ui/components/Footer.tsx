/** The key hints under the frame; the words come from the keymap. */
import { Text } from 'ink';

export function Footer({ hint }: { hint: string }) {
  return (
    <Text dimColor wrap="truncate-end">
      {hint ? ` ${hint}` : ' '}
    </Text>
  );
}
