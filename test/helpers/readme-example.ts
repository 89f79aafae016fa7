/**
 * The docs' "Adding a scenario" example, extracted from docs/configuration.md itself (its config and
 * its scenario file), written into a fresh temp folder with no package.json and no node_modules.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ReadmeExample {
  dir: string;
  config: string;
  scenarioFile: string;
  /** The config as parsed, for assertions. */
  configJson: { indexes: { name: string }[] };
}

export function readmeExample(): ReadmeExample {
  const page = fs.readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const section = page.split(/^## Adding a scenario$/m)[1]?.split(/^##? /m)[0];
  if (!section) throw new Error('docs/configuration.md has no "## Adding a scenario" section');
  const block = (lang: string) => {
    const match = new RegExp(`\`([^\`]+)\`:\\n\\n\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section);
    if (!match) throw new Error(`no ${lang} file block in "Adding a scenario"`);
    return { name: match[1]!, body: match[2]! };
  };
  const config = block('json');
  const scenario = block('ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-readme-'));
  fs.writeFileSync(path.join(dir, config.name), config.body);
  const scenarioFile = path.join(dir, scenario.name);
  fs.mkdirSync(path.dirname(scenarioFile), { recursive: true });
  fs.writeFileSync(scenarioFile, scenario.body);
  return {
    dir,
    config: path.join(dir, config.name),
    scenarioFile,
    configJson: JSON.parse(config.body),
  };
}
