/**
 * A QR code drawn with half blocks (two modules per character cell), light on dark as qrcode-terminal
 * draws it: phone cameras read it off a dark terminal. `qrLines` is separate so screens can measure it.
 */
import qrcode from 'qrcode-terminal';
import { Box, Text } from 'ink';

export function qrLines(text: string): string[] {
  let out = '';
  // qrcode-terminal calls back synchronously.
  qrcode.generate(text, { small: true }, (s) => (out = s));
  return out.split('\n').filter((l) => l !== '');
}

export function QrCode({ lines }: { lines: readonly string[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((l, i) => (
        <Text key={i} color="white">
          {l}
        </Text>
      ))}
    </Box>
  );
}
