/**
 * The one frame every screen shares: header, step list (box or line), the titled panel for the current
 * step, and the key-hint footer. Screens fill the panel and say what the footer reads.
 */
import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { WizardState } from '../../engine/state.js';
import type { Layout } from '../layout.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Panel } from './Panel.js';
import { StepLine, StepList } from './StepList.js';

export interface FrameProps {
  state: WizardState;
  layout: Layout;
  title: string;
  footer: string;
  /** The summary: the panel takes the whole width (it lists every step itself) and its natural height. */
  wide?: boolean;
  children?: ReactNode;
}

export function Frame({ state, layout, title, footer, wide = false, children }: FrameProps) {
  const list = !wide && !layout.collapsed;
  return (
    <Box flexDirection="column" width={layout.columns}>
      <Header header={state.header} width={layout.columns} />
      {!wide && layout.collapsed ? <StepLine state={state} /> : null}
      <Box flexDirection="row">
        {list ? <StepList state={state} width={layout.stepListWidth} height={layout.bodyHeight} /> : null}
        <Panel title={title} width={list ? layout.panelWidth : layout.columns} {...(wide ? {} : { height: layout.bodyHeight })}>
          {children}
        </Panel>
      </Box>
      <Footer hint={footer} />
    </Box>
  );
}
