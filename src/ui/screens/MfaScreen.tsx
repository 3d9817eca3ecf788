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
import { useKeymap, footerHint } from '../keyboard/index.js';
import { fitsInPanel, innerWidth, sizeFor } from '../layout.js';
import { Lines, textLines, type Segment } from '../components/Lines.js';
import { GLYPHS } from '../../format/glyphs.js';
import { codeProblem, secretLines } from '../text.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

interface Form {
  codes: [string, string];
  index: 0 | 1;
  refused: boolean;
  /** Typed into since this prompt arrived: the prompt's error is about the codes that were replaced. */
  edited: boolean;
}

const STEPS_WIDTH = 34;

export function MfaScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'mfa' }> }) {
  const form = useRef<Form>({ codes: ['', ''], index: 0, refused: false, edited: false });
  const [, setForm] = useState(form.current);
  const update = (next: Form) => {
    form.current = next;
    setForm(next);
  };
  const [secretShown, setSecretShown] = useState(false);
  // A new prompt (the last two codes were refused) starts the codes afresh.
  useEffect(() => update({ codes: ['', ''], index: 0, refused: false, edited: false }), [prompt]);

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
  // The QR, a gap of 2 and the steps column side by side: what must fit in the panel.
  const block = { width: Math.max(...qr.map((l) => [...l].length)) + 2 + STEPS_WIDTH, height: qr.length };
  const fits = fitsInPanel(layout, block.width, block.height);
  const needed = sizeFor(layout, block.width, block.height);
  const { codes, index, refused, edited } = form.current;

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
              update({ ...form.current, codes: next, refused: false, edited: true });
            }}
          />
          <Text> </Text>
          {/* Only the shape is known while typing: whether the code matches is checked on enter. */}
          {codes[i] === '' ? null : problem ? <Text color={refused && index === i ? 'red' : 'yellow'}>{problem}</Text> : <Text dimColor>6/6 digits</Text>}
        </Box>
      </Box>
    );
  };

  // Beside the QR, a column; without it, the panel's whole width (so an error is never cut). Wrapped
  // between words, no line starting with a space.
  const width = fits ? STEPS_WIDTH : innerWidth(layout.panelWidth);
  const say = (text: string, style: Omit<Segment, 'text'> = {}) => <Lines lines={textLines(text, width, style)} />;
  // Beside the QR: "Secret:" over its lines. Without it, where rows are scarce: "Secret: JBSW Y3DP …"
  // on one line where it fits. Groups of four, never split inside one.
  const secretBlock = fits ? (
    <>
      <Text>Secret:</Text>
      {secretLines(prompt.secret, width).map((line) => (
        <Text key={line}>{line}</Text>
      ))}
    </>
  ) : (
    <>
      {secretLines(prompt.secret, width - 'Secret: '.length).map((line, i) => (
        <Text key={line}>{`${i === 0 ? 'Secret: ' : '        '}${line}`}</Text>
      ))}
    </>
  );
  const steps = (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {/* Without the QR, every row counts at 80×24: the account goes into the first line. */}
      {say(fits ? '1. Open your authenticator app.' : `1. Open your authenticator app (the account: ${prompt.label}).`)}
      {say(fits ? '2. Scan the QR code on the left.' : secretShown ? '2. Add an account by typing the secret below.' : '2. Press t for the secret, and add an account by typing it.')}
      {say('3. Type two codes in a row: one, then the next when it changes.')}
      {/* Without the QR the secret is what the operator types into the app: right under the steps. */}
      {!fits && secretShown ? secretBlock : null}
      <Text> </Text>
      {input(0, 'First code')}
      {input(1, 'Next code')}
      {prompt.error && !edited ? (
        <>
          <Text> </Text>
          {say(`${GLYPHS.failed.symbol} ${prompt.error}`, { color: 'red' })}
        </>
      ) : null}
      {fits ? <Text> </Text> : null}
      {fits ? say(`For ${prompt.label}`, { dim: true }) : null}
      {fits && secretShown ? secretBlock : null}
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
          {say(`No room for the QR code (it needs ${needed.columns}×${needed.rows}; this is ${layout.columns}×${layout.rows}): enlarge the terminal, or press t and type the secret into your app.`, {
            color: 'yellow',
          })}
          {steps}
        </>
      )}
    </Frame>
  );
}
