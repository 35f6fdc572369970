import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import type { GateReport } from '../../src/format/gate.js';
import { formatGateGithub } from '../../src/format/gate-github.js';
import { formatGateMarkdown } from '../../src/format/gate-markdown.js';
import { code } from '../../src/format/markdown.js';
import { escapeMarkdown } from '../../src/format/safe-text.js';
import { formatProblemsMarkdown } from '../../src/format/problems-markdown.js';
import { ANNOTATION_LIMIT, githubAnnotations } from '../../src/format/problems-github.js';

const problem = (n: number, over: Partial<Problem> = {}): Problem => ({ file: `discovery/f${n}.yaml`, line: n, column: 1, severity: 'error', code: 'schema/required', message: `problem ${n}`, ...over });

describe('GitHub annotations within GitHub’s limits', () => {
  it('at most ten errors and ten warnings, unreadable files first, then one notice counting the rest', () => {
    const problems = [...Array.from({ length: 14 }, (_, n) => problem(n)), problem(99, { code: 'yaml/invalid' }), ...Array.from({ length: 12 }, (_, n) => problem(100 + n, { severity: 'warning', code: 'history/unrecorded-stage' }))];
    const lines = githubAnnotations(problems, 'pdx validate').trimEnd().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(ANNOTATION_LIMIT);
    expect(errors[0]).toContain('title=pdx yaml/invalid::problem 99');
    expect(errors.slice(1).map((l) => /::problem (\d+)$/.exec(l)?.[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(ANNOTATION_LIMIT);
    expect(lines.at(-1)).toBe('::notice title=pdx%3A more findings::5 more errors and 2 more warnings not shown as annotations (GitHub shows at most 10 errors and 10 warnings per step). All 27 findings are in the output of pdx validate run locally.');
    expect(lines).toHaveLength(21);
  });

  it('a config pdx cannot use ranks second: after unreadable files, before every other problem', () => {
    const problems = [problem(1), problem(2, { code: 'config/unknown-rule', file: 'pdx.yaml' }), problem(3, { code: 'file/unreadable' }), problem(4, { code: 'config/invalid', file: 'pdx.yaml' }), problem(5)];
    const order = githubAnnotations(problems, 'pdx validate').trimEnd().split('\n').map((l) => /::problem (\d+)$/.exec(l)?.[1]);
    expect(order).toEqual(['3', '2', '4', '1', '5']);
  });

  it('no notice when everything fits; one warning left out is counted alone', () => {
    expect(githubAnnotations([problem(1)], 'pdx validate')).not.toContain('::notice');
    const warnings = Array.from({ length: 11 }, (_, n) => problem(n, { severity: 'warning' }));
    expect(githubAnnotations(warnings, 'pdx gate mvp').trimEnd().split('\n').at(-1)).toMatch(/^::notice title=pdx%3A more findings::1 more warning not shown .*of pdx gate mvp run locally\.$/);
  });
});

const finding = (message: string, file: string, fix: string) => ({ messageId: 'm', data: {}, message, fix, file, line: 7, column: 3 });
const report: GateReport = {
  ok: false,
  stage: 'mvp',
  problems: [problem(1, { message: 'bad <b>|x|</b> `y`', file: 'discovery/a|b.yaml' })],
  handedOff: [],
  initiatives: [
    { id: 'good', stage: 'mvp', file: 'discovery/initiatives/good.yaml', pass: true, rules: [{ id: 'ideas', gate: 'epiphany', severity: 'error', message: '3 ideas recorded', pass: true, findings: [] }] },
    {
      id: 'bad',
      stage: 'mvp',
      file: 'discovery/initiatives/bad.yaml',
      pass: false,
      rules: [
        { id: 'core-team', gate: 'epiphany', severity: 'error', message: 'm', pass: false, file: 'x', line: 7, column: 3, findings: [finding('no *designer* <script>alert(1)</script>', 'discovery/ini`tiatives/bad.yaml', 'pdx team add bad --name "A|B" --role designer')] },
        { id: 'feedback-circle', gate: 'mvp', severity: 'warn', message: 'm', pass: false, file: 'x', line: 7, column: 3, findings: [finding('feedback group has 2 of 10 # people', 'discovery/initiatives/bad.yaml', 'pdx feedback-group add bad')] },
      ],
    },
  ],
};

describe('the gate in Markdown', () => {
  it('a checklist per initiative, failing first: marks with words, findings at file:line with their fix', () => {
    const out = formatGateMarkdown(report, { color: false }) as string;
    expect(out).toBe(
      [
        '## ❌ pdx gate mvp: failed',
        '',
        '1 of 2 initiatives fails the mvp gate, and 1 validation error.',
        '',
        '| Initiative | Stage | Gate mvp |',
        '| --- | --- | --- |',
        '| bad | mvp | ❌ fails (1 rule) |',
        '| good | mvp | ✅ passes |',
        '',
        '### Validation problems',
        '',
        '- ❌ error: bad &lt;b&gt;\\|x\\|&lt;/b&gt; \\`y\\` (`discovery/a|b.yaml:1:1`, `schema/required`)',
        '',
        '### ❌ bad: fails the mvp gate',
        '',
        'Stage mvp, in `discovery/initiatives/bad.yaml`.',
        '',
        '- ❌ fail: `core-team`',
        '  - no \\*designer\\* &lt;script&gt;alert(1)&lt;/script&gt; (``discovery/ini`tiatives/bad.yaml:7``)',
        '    fix: `pdx team add bad --name "A|B" --role designer`',
        '- ⚠️ warning: `feedback-circle`',
        '  - feedback group has 2 of 10 # people (`discovery/initiatives/bad.yaml:7`)',
        '    fix: `pdx feedback-group add bad`',
        '',
        '### ✅ good: passes the mvp gate',
        '',
        'Stage mvp, in `discovery/initiatives/good.yaml`.',
        '',
        '- ✅ pass: `ideas` 3 ideas recorded',
        '',
        'Run `pdx gate mvp` locally for the same checklist.',
        '',
      ].join('\n'),
    );
  });

  it('validate in Markdown: the verdict and one item per problem', () => {
    expect(formatProblemsMarkdown({ problems: [], fileCount: 3 }, { color: false })).toBe('## ✅ pdx validate: passed\n\n3 files checked, no problems.\n\nRun `pdx validate` locally for the same list.\n');
    expect(formatProblemsMarkdown({ problems: [problem(2), problem(3, { severity: 'warning' })], fileCount: 1 }, { color: false })).toContain('## ❌ pdx validate: failed\n\n1 error and 1 warning in 1 file.\n\n- ❌ error: problem 2 (`discovery/f2.yaml:2:1`, `schema/required`)\n- ⚠️ warning: problem 3');
  });

  it('repo text cannot break out: code spans outlast the backticks inside, nothing spans lines', () => {
    expect(code('a ``b`` c')).toBe('```a ``b`` c```');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(code('a\nb')).toBe('`a\\nb`');
    // Text from the repo never starts a line (escapeMarkdown turns a newline into <br>): a `#` in it is no heading.
    expect(escapeMarkdown('# [x](javascript:1) <img> a\nb')).toBe('# \\[x\\](javascript:1) &lt;img&gt; a<br>b');
  });

  it('GitHub annotations of the gate take the initiatives in turn', () => {
    const many: GateReport = {
      ...report,
      problems: [],
      initiatives: ['a', 'b'].map((id) => ({ id, stage: 'mvp', file: `${id}.yaml`, pass: false, rules: [{ id: 'core-team', gate: 'epiphany', severity: 'error' as const, message: 'm', pass: false as const, file: 'x', line: 1, column: 1, findings: [finding(`${id}1`, `${id}.yaml`, 'f'), finding(`${id}2`, `${id}.yaml`, 'f')] as [ReturnType<typeof finding>, ...ReturnType<typeof finding>[]] }] })),
    };
    const order = (formatGateGithub(many, { color: false }) as string).trimEnd().split('\n').map((l) => /: (\w\d) → f$/.exec(l)?.[1]);
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2']);
  });
});
