import { parseCli, USAGE } from './options.js';
import { createFeedServer } from './server.js';

const cli = parseCli(process.argv.slice(2));
if (cli.kind === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (cli.kind === 'error') {
  console.error(`feed server: ${cli.message}\n\n${USAGE}`);
  process.exit(2);
}

let server;
try {
  server = await createFeedServer(cli.options);
} catch (err) {
  console.error(`feed server: could not start: ${(err as Error).message}`);
  process.exit(1);
}
const feed = server;
console.log(`feed server listening on ${feed.url} (${feed.wsUrl})`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => {
    console.error(`feed server: shutdown after ${signal} took too long; exiting`);
    process.exit(1);
  }, 10_000);
  force.unref();
  feed.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('feed server: error while shutting down:', err);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
