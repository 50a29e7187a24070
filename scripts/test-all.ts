// `npm test`: every check and every suite, in order, stopping at the first stage that fails, then one
// summary table with each stage's time and test counts. The last line is always "N passed, M failed".
//
//   npx tsx scripts/test-all.ts                 every stage
//   npx tsx scripts/test-all.ts unit e2e        only the named stages (in the usual order)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultVsixPath, REPO_ROOT } from '../test/host/paths';
import { runToCompletion } from '../test/host/processes';

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

interface Stage {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs before the command. */
  prepare?: () => void;
  /** Reads the test counts from the stage's output. */
  counts?: (output: string) => Counts | undefined;
}

interface Outcome {
  stage: Stage;
  status: 'passed' | 'FAILED' | 'skipped';
  seconds?: number;
  counts?: Counts;
}

const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);

/** mocha's spec reporter: "12 passing (3s)", "1 failing", "2 pending". */
function mochaCounts(output: string): Counts | undefined {
  const number = (word: string) => {
    const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : undefined;
  };
  const passed = number('passing');
  const failed = number('failing');
  if (passed === undefined && failed === undefined) return undefined;
  return { passed: passed ?? 0, failed: failed ?? 0, pending: number('pending') ?? 0 };
}

/** test/host/runIntegration.ts: "[integration] 18 passed, 0 failed, 0 pending in 14.5 s". */
function integrationCounts(output: string): Counts | undefined {
  const match = /\[integration\] (\d+) passed, (\d+) failed, (\d+) pending/.exec(output);
  return match ? { passed: Number(match[1]), failed: Number(match[2]), pending: Number(match[3]) } : mochaCounts(output);
}

const STAGES: Stage[] = [
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'webview types', command: bin('tsc'), args: ['-p', 'media/jsconfig.json'] },
  { name: 'lint', command: bin('eslint'), args: ['src', 'test', 'media', 'esbuild.js', 'scripts'] },
  { name: 'l10n', command: bin('tsx'), args: ['scripts/check-l10n.ts'] },
  { name: 'unit', command: bin('mocha'), args: [], counts: mochaCounts },
  { name: 'host setup', command: 'bash', args: ['test/host/setup.sh'] },
  {
    name: 'build',
    command: process.execPath,
    args: ['esbuild.js', '--tests'],
    // esbuild.js does not empty out/integration/, and index.js loads every *.test.js bundle in it
    prepare: () => fs.rmSync(path.join(REPO_ROOT, 'out', 'integration'), { recursive: true, force: true }),
  },
  { name: 'integration', command: bin('tsx'), args: ['test/host/runIntegration.ts'], counts: integrationCounts },
  { name: 'package', command: 'npm', args: ['run', 'package'] },
  { name: 'e2e', command: bin('mocha'), args: ['--config', 'test/e2e/mocharc.json'], env: { BRAZE_VSIX: defaultVsixPath() }, counts: mochaCounts },
];

function table(outcomes: Outcome[]): string {
  const rows = [['stage', 'result', 'time', 'passed', 'failed', 'pending']];
  let seconds = 0;
  const total: Counts = { passed: 0, failed: 0, pending: 0 };
  for (const { stage, status, seconds: s, counts } of outcomes) {
    seconds += s ?? 0;
    if (counts) for (const key of ['passed', 'failed', 'pending'] as const) total[key] += counts[key];
    rows.push([stage.name, status, s === undefined ? '' : `${s.toFixed(1)} s`, counts ? String(counts.passed) : '', counts ? String(counts.failed) : '', counts ? String(counts.pending) : '']);
  }
  rows.push(['total', outcomes.some((o) => o.status === 'FAILED') ? 'FAILED' : 'passed', `${seconds.toFixed(1)} s`, String(total.passed), String(total.failed), String(total.pending)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('   ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('   ');
  return [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1])].join('\n');
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !STAGES.some((stage) => stage.name === name || stage.name.replace(' ', '-') === name));
  if (unknown.length) {
    console.error(`unknown stage(s): ${unknown.join(', ')}; stages: ${STAGES.map((s) => s.name.replace(' ', '-')).join(', ')}`);
    return 2;
  }
  const selected = only.length ? STAGES.filter((s) => only.includes(s.name) || only.includes(s.name.replace(' ', '-'))) : STAGES;
  const outcomes: Outcome[] = selected.map((stage) => ({ stage, status: 'skipped' }));
  for (const outcome of outcomes) {
    const { stage } = outcome;
    console.log(`\n=== ${stage.name}: ${[path.basename(stage.command), ...stage.args].join(' ')}`);
    const started = performance.now();
    stage.prepare?.();
    let output = '';
    const code = await runToCompletion(stage.command, stage.args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...stage.env },
      onOutput: (text) => {
        output += text;
        process.stdout.write(text);
      },
    });
    outcome.seconds = (performance.now() - started) / 1000;
    outcome.counts = stage.counts?.(output);
    outcome.status = code === 0 ? 'passed' : 'FAILED';
    console.log(`=== ${stage.name}: ${outcome.status} in ${outcome.seconds.toFixed(1)} s${code === 0 ? '' : ` (exit ${code})`}`);
    if (code !== 0) break;
  }
  console.log(`\n${table(outcomes)}`);
  const failedStage = outcomes.find((o) => o.status === 'FAILED');
  if (failedStage) console.log(`\nstopped at the first failing stage: ${failedStage.stage.name}`);
  const passed = outcomes.reduce((n, o) => n + (o.counts?.passed ?? 0), 0);
  const failed = outcomes.reduce((n, o) => n + (o.counts?.failed ?? 0), 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failedStage ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
