/**
 * Writes a `.scenario.yaml` file's text: its keys in a fixed order, the SQL as block literals a
 * person can read and diff, and a header comment saying where it came from and what was guessed.
 */
import YAML from 'yaml';
import type { YamlScenario } from './yaml-scenario.ts';

/** The text of a scenario file; `comments` become its header, one `#` line each. */
export function renderYamlScenario(scenario: YamlScenario, comments: readonly string[]): string {
  const doc = new YAML.Document(scenario);
  const header = comments.flatMap((c) => c.split('\n')).map((c) => ` ${c}`);
  doc.commentBefore = header.join('\n');
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
