import { readInputFile } from '../dashboards/input-file.js';
import type { RuleFile } from '../dashboards/rules.js';

/** The `--rules` files, read in the order given; the YAML reader loads only when there are some. */
export async function readRuleFiles(paths: readonly string[], cwd: string): Promise<RuleFile[]> {
  if (paths.length === 0) return [];
  const { readRuleFile } = await import('../dashboards/read-rule-file.js');
  const files: RuleFile[] = [];
  for (const file of paths) files.push(readRuleFile(await readInputFile(file, cwd), file));
  return files;
}
