// The page's side of the core's Web Worker (web/src/worker.js). The worker
// is built from a Blob of the inlined source (#lif-worker-src), because a
// page opened from file:// cannot load worker files.
//
//   startWorker()                      once, before any ask()
//   ask(message, onProgress, transfer) -> Promise of the worker's result;
//                                         onProgress({phase, text}) while it works
// Requests are answered in order; a worker that stops rejects every pending one.
import { $ } from './dom.js';

let worker = null;
let nextId = 0;
const pending = new Map();

export function startWorker() {
  const source = $('lif-worker-src').textContent;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  worker = new Worker(url);
  worker.onmessage = (event) => {
    const { id, progress, result, failure } = event.data;
    const call = pending.get(id);
    if (!call) return;
    if (progress) {
      call.onProgress(progress);
      return;
    }
    pending.delete(id);
    if (failure !== undefined) call.reject(new Error(failure));
    else call.resolve(result);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const call of pending.values()) call.reject(new Error(event.message || 'the core stopped'));
    pending.clear();
  };
}

export function ask(message, onProgress = () => {}, transfer = []) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, ...message }, transfer);
  });
}
