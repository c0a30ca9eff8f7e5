// Runs Grafana's plugin validator one analyzer at a time: plugincheck2 stops at the first
// analyzer that cannot run (here: those that need grafana.com or other network services), and
// every analyzer after it would silently not run. Prints every diagnostic once, names each
// analyzer that could not run and why, writes the whole report as JSON, and exits 1 on errors.
//   node scripts/validate-plugin.mjs <plugincheck2> <validator source> <zip> <source dir> <report.json>
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [bin, src, zip, sourceDir, reportFile] = process.argv.slice(2);

/** The analyzers plugincheck2 runs, by the name its -analyzer flag takes, in its order. */
function analyzerNames() {
  const list = readFileSync(join(src, 'pkg/analysis/passes/analysis.go'), 'utf8');
  const start = list.indexOf('var Analyzers = []*analysis.Analyzer{');
  const pkgs = [...list.slice(start).matchAll(/^\s*(\w+)\.Analyzer,$/gm)].map((m) => m[1]);
  return pkgs.map((pkg) => {
    const dir = join(src, 'pkg/analysis/passes', pkg);
    const file = readFileSync(join(dir, `${pkg}.go`), 'utf8');
    const name = /var Analyzer = &analysis\.Analyzer\{\s*Name:\s*"([^"]+)"/.exec(file)?.[1];
    if (!name) {throw new Error(`no analyzer name in ${dir}`);}
    return name;
  });
}

const checksum = (() => {
  try {
    return readFileSync(`${zip}.sha1`, 'utf8').split(/\s+/)[0];
  } catch {
    return '';
  }
})();

const tmp = mkdtempSync(join(tmpdir(), 'plugincheck2-'));
const seen = new Set();
const diagnostics = [];
const notRun = [];
try {
  for (const name of analyzerNames()) {
    const out = join(tmp, `${name}.json`);
    const r = spawnSync(bin, ['-analyzer', name, '-sourceCodeUri', `file://${sourceDir}`, '-checksum', checksum, '-output-to-file', out, zip], {
      encoding: 'utf8',
      env: { ...process.env, DEBUG: '1' },
    });
    const failed = /check failed: (.*)/.exec(r.stdout + r.stderr)?.[1];
    if (failed) {notRun.push({ analyzer: name, reason: failed });}
    const report = JSON.parse(readFileSync(out, 'utf8'));
    for (const [group, list] of Object.entries(report['plugin-validator'] ?? {})) {
      for (const d of list ?? []) {
        const key = `${group}\u0000${d.Name}\u0000${d.Title}`;
        if (seen.has(key)) {continue;}
        seen.add(key);
        diagnostics.push({ analyzer: group, ...d });
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const count = (s) => diagnostics.filter((d) => d.Severity === s).length;
for (const d of diagnostics) {console.error(`${d.Severity}: [${d.analyzer}] ${d.Title}${d.Detail ? `\n  ${d.Detail}` : ''}`);}
for (const n of notRun) {console.error(`not run here: [${n.analyzer}] ${n.reason}`);}
writeFileSync(reportFile, JSON.stringify({ zip, diagnostics, notRun }, null, 2));
console.error(`validate-plugin: ${count('error')} errors, ${count('warning')} warnings, ${count('recommendation')} recommendations, ${notRun.length} analyzers could not run here (report: ${reportFile})`);
process.exit(count('error') > 0 ? 1 : 0);
