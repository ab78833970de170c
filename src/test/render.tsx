import type { ReactElement, ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { render, type RenderOptions } from '@testing-library/react';
import { theme } from '@/app/theme';

function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} env="test">
      <ModalsProvider>{children}</ModalsProvider>
    </MantineProvider>
  );
}

/** Renders inside the console's Mantine theme with transitions and portals off. */
export function renderWithMantine(ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>) {
  return render(ui, { wrapper: Providers, ...options });
}
