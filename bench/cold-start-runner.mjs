// Runs in a fresh `node` process: loads one handler bundle, invokes it once, and writes the
// timings to a JSON file. Times are milliseconds since the process started
// (performance.timeOrigin), so `totalMs` covers Node's own start-up, the module load and
// the first invocation.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundlePath, eventPath, resultPath, functionName] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: `bench-${process.pid}`,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done() {},
  fail() {},
  succeed() {},
};

const loadStart = performance.now();
const module = await import(pathToFileURL(bundlePath).href);
const loaded = performance.now();

let outcome;
try {
  const result = await module.handler(event, context);
  const statusCode = result !== null && typeof result === 'object' ? result.statusCode : undefined;
  outcome =
    statusCode === undefined || statusCode < 400
      ? { ok: true, statusCode }
      : { ok: false, statusCode, error: `HTTP ${statusCode}: ${String(result.body).slice(0, 300)}` };
} catch (error) {
  outcome = { ok: false, error: `${error?.name}: ${String(error?.message).slice(0, 300)}` };
}
const finished = performance.now();

writeFileSync(resultPath, JSON.stringify({ loadStartMs: loadStart, loadMs: loaded - loadStart, invokeMs: finished - loaded, totalMs: finished, ...outcome }));
// Open SDK sockets would keep the process alive; the timings are already written.
process.exit(0);
