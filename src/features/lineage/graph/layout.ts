import type { LaidOutGraph } from './compute-layout';
import type { LineageGraphModel } from './model';

export type { LaidOutEdge, LaidOutGraph, PositionedNode } from './compute-layout';

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (layout: LaidOutGraph) => void>();

function layoutWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; layout: LaidOutGraph }>) => {
      waiting.get(event.data.id)?.(event.data.layout);
      waiting.delete(event.data.id);
    };
  }
  return worker;
}

const layouts = new WeakMap<LineageGraphModel, Promise<LaidOutGraph>>();

/**
 * The graph's layout, computed once per graph the tenant sends (the query cache keeps the model objects) in a
 * worker: 500 nodes took a 1.2 s task on the main thread. Without workers (tests) it is computed here.
 */
export function layoutOf(model: LineageGraphModel): Promise<LaidOutGraph> {
  let layout = layouts.get(model);
  if (!layout) {
    layout =
      typeof Worker === 'undefined'
        ? import('./compute-layout').then(({ computeLayout }) => computeLayout(model))
        : new Promise((resolve) => {
            const id = nextId++;
            waiting.set(id, resolve);
            layoutWorker().postMessage({ id, model });
          });
    layouts.set(model, layout);
  }
  return layout;
}
