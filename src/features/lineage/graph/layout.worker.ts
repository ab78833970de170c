/// <reference lib="webworker" />
import { computeLayout } from './compute-layout';
import type { LineageGraphModel } from './model';

/** Lays out each graph it is sent and answers with the positions, off the page's main thread. */
self.onmessage = (event: MessageEvent<{ id: number; model: LineageGraphModel }>) => {
  const { id, model } = event.data;
  self.postMessage({ id, layout: computeLayout(model) });
};
