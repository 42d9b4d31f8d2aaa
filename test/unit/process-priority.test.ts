// A delivery worker lowers its CPU priority for all its threads (Linux nice is per thread): checked in a
// child process, so this test's own priority is left alone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const linux = existsSync('/proc/self/task');
const priorityModule = path.resolve(__dirname, '../../infra/process-priority.ts');

(linux ? it : it.skip)('lowers every thread of the process, including those started after', () => {
  const code = `
    const { readdirSync, readFileSync } = require('node:fs');
    const { Worker } = require('node:worker_threads');
    const { lowerProcessPriority } = require(${JSON.stringify(priorityModule)});
    const niceOf = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
    const before = readdirSync('/proc/self/task').length;
    const now = lowerProcessPriority(7);
    const worker = new Worker('setTimeout(() => {}, 300)', { eval: true });
    setTimeout(() => {
      const nices = readdirSync('/proc/self/task').map(niceOf);
      console.log(JSON.stringify({ now, before, nices }));
      worker.terminate();
    }, 150);
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' }).trim().split('\n').pop()!);
  expect(out.before).toBeGreaterThan(1);
  expect(out.nices.length).toBeGreaterThan(out.before); // the worker thread started after
  expect(out.now).toBeGreaterThanOrEqual(7);
  expect(new Set(out.nices)).toEqual(new Set([out.now]));
});

(linux ? it : it.skip)('leaves alone the threads it is told to (the courier thread)', () => {
  const code = `
    const { readFileSync } = require('node:fs');
    const { Worker } = require('node:worker_threads');
    const { lowerProcessPriority } = require(${JSON.stringify(priorityModule)});
    const niceOf = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
    const worker = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.postMessage(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())); setTimeout(() => {}, 300)", { eval: true });
    worker.once('message', (courier) => {
      const before = niceOf(courier);
      const now = lowerProcessPriority(7, { except: [courier] });
      console.log(JSON.stringify({ now, before, courier: niceOf(courier), main: niceOf(process.pid) }));
      worker.terminate();
    });
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' }).trim().split('\n').pop()!);
  expect(out.now).toBeGreaterThanOrEqual(7);
  expect(out.main).toBe(out.now);
  expect(out.courier).toBe(out.before);
  expect(out.courier).not.toBe(out.now);
});
