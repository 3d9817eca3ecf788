/**
 * The keyboard, in five files, each one idea:
 * - `keymap.ts`: every key the wizard answers to, per screen (context), with the footer's words for it.
 * - `KeypressProvider.tsx`: the one owner of stdin (a single `useInput` for the App's lifetime).
 * - `router.ts`: where each key press goes, decided when it arrives (no React; tested on its own).
 * - `split-keys.ts`: key presses that arrived in one chunk ("9\r"), taken apart again.
 * - `use-keymap.ts`: how a screen or input registers the actions it handles now.
 * Screens and inputs import from here.
 */
export { footerHint, type Handlers, type HintState, type KeyContext } from './keymap.js';
export { KeypressProvider } from './KeypressProvider.js';
export { useKeymap } from './use-keymap.js';
