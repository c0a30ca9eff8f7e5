import { ConfigError, loadConfig } from './config';
import { startServer } from './start';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`runlens: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const running = await startServer(config, { ensureIndices: { attempts: 60 }, retention: true, sweepExports: true });
  const shutdown = () => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  process.stderr.write(`runlens: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
