import type * as ReactVirtual from '@tanstack/react-virtual';

/**
 * jsdom lays nothing out, so a virtualizer would see a 0-pixel viewport and render no rows. Tests mock
 * @tanstack/react-virtual with this, which gives every virtualizer a 1200 × 600 viewport, and measures every
 * measured item (all 0 pixels tall in jsdom) at its estimated size:
 * `vi.mock('@tanstack/react-virtual', async (original) => (await import('@/test/virtual-viewport')).withViewport(original))`
 */
export async function withViewport(importOriginal: () => Promise<unknown>) {
  const actual = (await importOriginal()) as typeof ReactVirtual;
  return {
    ...actual,
    useVirtualizer: (options: Parameters<typeof actual.useVirtualizer>[0]) =>
      actual.useVirtualizer({
        ...options,
        observeElementRect: (_instance, callback) => {
          callback({ width: 1200, height: 600 });
          return () => {};
        },
        measureElement: (element) => options.estimateSize(Number(element.getAttribute('data-index'))),
      }),
  };
}
