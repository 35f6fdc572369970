import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BASE_ENV, PROJECT, tempDir } from '../helpers.js';

export interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
export interface ActionYaml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export const action = (): ActionYaml => parse(readFileSync(join(PROJECT, 'action.yml'), 'utf8')) as ActionYaml;

/**
 * `${{ inputs.name }}` as GitHub evaluates it in a composite action: the input given, else its
 * default, else empty. Any other expression, or an input action.yml does not declare, throws: the
 * test must know every expression the action uses.
 */
export function evaluate(text: string, inputs: Record<string, string>, declared: ActionYaml['inputs']): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => {
    const match = /^\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*$/.exec(expression);
    if (!match) throw new Error(`unknown expression: \${{${expression}}}`);
    const name = match[1]!;
    if (!(name in declared)) throw new Error(`input ${name} is not declared in action.yml`);
    return inputs[name] ?? declared[name]!.default ?? '';
  });
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/**
 * Runs the action's steps as a GitHub runner would: each composite `run:` step in bash
 * (`bash --noprofile --norc -eo pipefail`), with the runner's variables and the step's `env:`
 * evaluated from `inputs`; `uses:` steps are skipped (Node is already set up). Stops at the first
 * failing step, as a runner does.
 */
export async function runAction(workspace: string, inputs: Record<string, string>, { summary = '' } = {}): Promise<ActionRun> {
  const meta = action();
  for (const name of Object.keys(inputs)) if (!(name in meta.inputs)) throw new Error(`input ${name} is not declared in action.yml`);
  const files = tempDir('pdx-runner-');
  const summaryFile = join(files, 'step_summary');
  const outputFile = join(files, 'output');
  writeFileSync(summaryFile, summary);
  writeFileSync(outputFile, '');
  let result = { code: 0, stdout: '', stderr: '' };
  for (const step of meta.runs.steps) {
    if (step.uses !== undefined) continue;
    if (step.run === undefined || step.shell !== 'bash') throw new Error('a composite run step needs shell: bash');
    const env: Record<string, string> = {
      ...BASE_ENV,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: PROJECT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), inputs, meta.inputs)])),
    };
    const run = evaluate(step.run, inputs, meta.inputs);
    result = await bash(run, workspace, env);
    if (result.code !== 0) break;
  }
  return { ...result, summary: readFileSync(summaryFile, 'utf8'), outputs: parseOutputs(readFileSync(outputFile, 'utf8')) };
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** $GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, n + 1);
      outputs[heredoc[1]!] = lines.slice(n + 1, end).join('\n');
      n = end;
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}
