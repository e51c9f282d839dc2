/** "How measured" notes of BENCHMARKS.md, by figure number. */
export const HOW_MEASURED: Record<string, string> = {
  '1':
    'the local runtime (the synthesized state machine in-process, dynalite, the sandbox on 127.0.0.1) buys Hotel PMS Integration through `POST /purchases`, and the sandbox request log (`GET /__sandbox/requests`) is read before and after each purchase. ' +
    'Every first purchase starts a fresh runtime and sandbox, so no token, catalogue or record exists. ' +
    'Warm purchases follow in the same runtime for the other Appliance Edition PBXs of the seed (product 11, the same billing contact) with distinct idempotency keys and the token cached. ' +
    'The log is compared instead of reset between warm purchases, because a reset also revokes the cached token. ' +
    'Reference: a client without caching makes 4 requests (token, catalogue, billing contacts, save); the limit for a warm purchase is 1 (save).',
  '2':
    'the sandbox answers every Partner API request after a fixed 50 ms (`POST /__sandbox/settings {"latencyMs": 50}`). ' +
    'After one unmeasured purchase, warm purchases run one after another; each latency is the time from sending `POST /purchases` to the execution closing. ' +
    'The ideal is the median round-trip count of these purchases times 50 ms. ' +
    'When a purchase reads both the catalogue and the billing contacts, the two reads run in one Parallel state and overlap, so a ratio below 1 is possible.',
  '3':
    'each handler entry (the Lambda task states of the synthesized definition, the six HTTP handlers and the token refresher) is bundled with esbuild using the options of `infra/constructs/purchase-function.ts`: ESM, minified, platform node, target node22, every dependency bundled, main fields `module,main`, the `createRequire` banner, and no source map. ' +
    'Size is the minified `index.mjs` (1 KB = 1,000 bytes); gzip is Node zlib at its default level. ' +
    'The largest contributors come from the esbuild metafile, grouped by package. ' +
    'A handler "uses DynamoDB" when its bundle contains `@aws-sdk/client-dynamodb`. ' +
    'Cold start: a fresh `node` process (this machine\'s Node.js, with the stack\'s function environment) imports the bundle and invokes `handler` once; the time is `performance.now()` at the end of that invocation, which counts from process start. ' +
    'The first invocation runs against dynalite, moto_server (Secrets Manager: the credentials secret and the token secret that the refresher fills once before the runs) and the sandbox, all on 127.0.0.1; Step Functions, Lambda and EventBridge calls go to a loopback stub. ' +
    'Handlers that move a purchase forward get a purchase of their own per run, prepared in the benchmark process with the same purchase steps. ' +
    'The reference is an empty handler bundled and started the same way. Runs interleave the handlers, round by round.',
  '4':
    'state transitions are counted from the local execution history of each purchase in figure 1: every `StateEntered` event (states inside Parallel branches included) plus every `StateRetried` event. ' +
    'AWS bills Standard workflows per state transition, "each time a step of your workflow is executed", and each retry counts as another transition (https://aws.amazon.com/step-functions/pricing/). ' +
    'The cost uses $0.025 per 1,000 transitions (us-east-1) and ignores the free tier of 4,000 transitions a month.',
  '5':
    'a fresh local runtime; the sandbox gets one extra PBX per purchase (`POST /__sandbox/pbxs`) and a limit of 50 requests per sliding second (`POST /__sandbox/rate-limit`). ' +
    'Every `POST /purchases` is sent at once; the wall time runs from the first send until every execution has closed. ' +
    'Round trips are the Partner API requests that the sandbox answered with anything but 429, and the ideal is round trips / 50 per second. ' +
    'A purchase fails when its `POST` fails or its execution does not end SUCCEEDED. Duplicate orders are orders beyond the first per PBX in `GET /__sandbox/orders`. ' +
    '429s come from the request log, and Step Functions retries from the `StateRetried` events of the executions. The failure and duplicate targets are judged on the worst run.',
  '6':
    '`npx cdk synth --quiet` and `npm test` run in the repository as child processes; the time is the wall time of each process.',
};
