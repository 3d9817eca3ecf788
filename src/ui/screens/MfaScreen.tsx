/**
 * Enrolling a virtual MFA device in the terminal: the QR code on the left, the three things to do on
 * the right, two code inputs that validate as they are typed, and `t` for the secret as text. The
 * secret and the QR exist only while this prompt is open; the next frame no longer has them.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { QrCode, qrLines } from '../components/QrCode.js';
import { TextInput } from '../components/TextInput.js';
import { useKeymap } from '../hooks/use-keymap.js';
import { footerHint } from '../keymap.js';
import { innerWidth } from '../layout.js';
import { codeProblem, groupedSecret } from '../text.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

interface Form {
  codes: [string, string];
  index: 0 | 1;
  refused: boolean;
}

const STEPS_WIDTH = 34;

export function MfaScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'mfa' }> }) {
  const form = useRef<Form>({ codes: ['', ''], index: 0, refused: false });
  const [, setForm] = useState(form.current);
  const update = (next: Form) => {
    form.current = next;
    setForm(next);
  };
  const [secretShown, setSecretShown] = useState(false);
  // A new prompt (the last two codes were refused) starts the codes afresh.
  useEffect(() => update({ codes: ['', ''], index: 0, refused: false }), [prompt]);

  useKeymap(
    'mfa',
    {
      next: () => {
        const { codes, index } = form.current;
        if (codeProblem(codes[index])) return update({ ...form.current, refused: true });
        if (index === 0) return update({ ...form.current, index: 1, refused: false });
        store.reply('mfa', { code1: codes[0], code2: codes[1] });
      },
      'show-secret': () => setSecretShown((v) => !v),
      skip: () => store.reply('mfa', 'skip'),
    },
    { isActive },
  );

  const qr = useMemo(() => qrLines(prompt.uri), [prompt.uri]);
  const qrWidth = Math.max(...qr.map((l) => [...l].length));
  const room = innerWidth(layout.collapsed ? layout.columns : layout.panelWidth);
  const fits = qrWidth + 2 + STEPS_WIDTH <= room && qr.length <= layout.bodyHeight;
  const { codes, index, refused } = form.current;

  const input = (i: 0 | 1, label: string) => {
    const problem = codeProblem(codes[i]);
    return (
      <Box flexDirection="column">
        <Text>{label}</Text>
        <Box>
          <Text color={index === i ? 'cyan' : undefined} dimColor={index !== i}>
            ›{' '}
          </Text>
          <TextInput
            value={codes[i]}
            isActive={isActive && index === i}
            onChange={(v) => {
              const next: [string, string] = [...form.current.codes];
              next[i] = v;
              update({ ...form.current, codes: next, refused: false });
            }}
          />
          <Text> </Text>
          {codes[i] === '' ? null : problem ? <Text color={refused && index === i ? 'red' : 'yellow'}>{problem}</Text> : <Text color="green">✓</Text>}
        </Box>
      </Box>
    );
  };

  const steps = (
    <Box flexDirection="column" width={STEPS_WIDTH} flexShrink={0}>
      <Text>1. Open your authenticator app.</Text>
      <Text>2. Scan the QR code{fits ? ' on the left' : ''}.</Text>
      <Text>3. Type two codes in a row: one, then the next when it changes.</Text>
      <Text> </Text>
      {input(0, 'First code')}
      {input(1, 'Next code')}
      {prompt.error ? (
        <>
          <Text> </Text>
          <Text color="red">✗ {prompt.error}</Text>
        </>
      ) : null}
      <Text> </Text>
      <Text dimColor>For {prompt.label}</Text>
      {secretShown ? <Text>Secret: {groupedSecret(prompt.secret)}</Text> : null}
    </Box>
  );

  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footerHint('mfa', { ...runHints(state), lastQuestion: index === 1, secretShown })}>
      {fits ? (
        <Box flexDirection="row">
          <QrCode lines={qr} />
          <Box width={2} flexShrink={0} />
          {steps}
        </Box>
      ) : (
        <>
          <Text color="yellow">
            This terminal is too small for the QR code ({qrWidth + STEPS_WIDTH + 6}×{qr.length + 6} needed). Enlarge it, or press t and type the secret into your app by hand.
          </Text>
          {steps}
        </>
      )}
    </Frame>
  );
}
