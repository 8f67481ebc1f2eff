import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main';

// The worker side of runInBoundedIsolate: the parent's signals arrive as an 'abort' message.
const abort = new AbortController();
parentPort!.on('message', (message) => message === 'abort' && abort.abort());
main(workerData as string[], abort.signal).then((code) => {
  parentPort!.postMessage(code);
  // Kafka sockets or timers a library left open must not keep the command alive once it has its exit code.
  process.exit(code);
});
