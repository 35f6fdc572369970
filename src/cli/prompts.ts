import { EXIT, PdxError } from '../errors.js';

/**
 * The only module that imports inquirer (lazily: it is heavy). Commands call these only when
 * `ctx.interactive` is true; Ctrl-C becomes exit 130 with nothing written.
 */
export async function askText(message: string, defaultValue?: string): Promise<string> {
  const { default: inquirer } = await import('inquirer');
  try {
    const answers = await inquirer.prompt<{ value: string }>([{ type: 'input', name: 'value', message, default: defaultValue }]);
    return answers.value.trim();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') {
      throw new PdxError('interrupted', 'interrupted; nothing was written', { exitCode: EXIT.interrupted });
    }
    throw error;
  }
}
