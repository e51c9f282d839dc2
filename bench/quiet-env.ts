/**
 * Silences Powertools logs and metrics of the handlers that run in this process, so that
 * the benchmark's own output (and `--json`) stays readable. Import it before any module
 * that creates a Logger or Metrics instance.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// Development mode makes Metrics write its warnings to the global console, which the filter below reaches.
process.env.POWERTOOLS_DEV = 'true';

/**
 * Powertools Metrics warns on the console about every invocation that stored no metric,
 * even with metrics disabled. Hundreds of in-process invocations would bury the
 * benchmark's table in these warnings, so only these two known messages are dropped.
 */
const QUIET_WARNINGS = [/^No application metrics to publish/, /^Dimension "[^"]+" has already been added/];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && QUIET_WARNINGS.some((pattern) => pattern.test(args[0] as string))) return;
  warn(...args);
};
