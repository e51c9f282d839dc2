/**
 * Entry point of the command-line tool (`npm run cli`, `npm run purchase`, `npm start`,
 * and the `ypp` bin). Exit status: 0 succeeded, 1 the purchase failed, 2 invalid input.
 */
// Log lines of the handlers go to stderr at WARN and above, so that stdout carries only
// the command's own output (and nothing but the record with --json).
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
// The local tools run on Node.js 20, for which AWS SDK v3 prints an end-of-support notice;
// the deployed functions run on Node.js 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early, such as `ypp recipes | head -2`, closes stdout: that ends the output, not the program with a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { parseCommandLine, USAGE, UsageError } = await import('./cli/args.js');
const commands = await import('./cli/commands.js');
const { startCommand } = await import('./cli/start.js');
const { processOutput } = await import('./cli/output.js');

async function main(argv: string[]): Promise<number> {
  const { command, positionals, options } = parseCommandLine(argv);
  if (options.help || command === 'help') {
    processOutput.out(USAGE);
    return 0;
  }

  switch (command) {
    case 'purchase':
      return commands.purchaseCommand(options, processOutput);
    case 'status':
      return commands.statusCommand(positionals, options, processOutput);
    case 'list':
      return commands.listCommand(options, processOutput);
    case 'catalog':
      return commands.catalogCommand(positionals, options, processOutput);
    case 'contacts':
      return commands.contactsCommand(options, processOutput);
    case 'recipes':
      return commands.recipesCommand(options, processOutput);
    case 'start':
      return startCommand(options, processOutput);
    case '':
      throw new UsageError('Missing COMMAND.');
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.exitCode = commands.reportError(error, processOutput);
}
