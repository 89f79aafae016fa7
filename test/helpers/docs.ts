/**
 * The docs as data for the tests that keep them true: which page documents which command, every
 * visible option of every command (as its --help lists it), and the shell blocks of the README and
 * docs/ (```sh runnable``` are run against a database; plain ```sh``` are only checked).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Help } from 'commander';
import { commands } from '../../src/cli/registry.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The docs page of each command path (the first words after `pgready`). */
export const PAGE_OF: Record<string, string> = {
  prove: 'docs/prove.md',
  run: 'docs/prove.md',
  seed: 'docs/prove.md',
  report: 'docs/prove.md',
  compare: 'docs/prove.md',
  merge: 'docs/prove.md',
  verify: 'docs/verify.md',
  capacity: 'docs/capacity.md',
  'db replica': 'docs/capacity.md',
  warmup: 'docs/warmup-watch-checklist.md',
  watch: 'docs/warmup-watch-checklist.md',
  checklist: 'docs/warmup-watch-checklist.md',
  serve: 'docs/http-micro.md',
  micro: 'docs/http-micro.md',
  scenarios: 'docs/configuration.md',
  'scenarios import': 'docs/workload.md',
  'scenarios capture': 'docs/workload.md',
  advise: 'docs/advise.md',
  db: 'docs/configuration.md',
};

export interface CommandOptions {
  /** e.g. "db start". */
  path: string;
  page: string;
  /** Long flags (`--rate`, `--no-progress`) and short ones (`-e`). */
  flags: string[];
  /** One line per option as --help shows it: flags and description. */
  lines: string[];
}

function pageOf(commandPath: string): string {
  const words = commandPath.split(' ');
  for (let n = words.length; n > 0; n--) {
    const page = PAGE_OF[words.slice(0, n).join(' ')];
    if (page) return page;
  }
  throw new Error(`no docs page for "pgready ${commandPath}": add it to PAGE_OF in test/helpers/docs.ts`);
}

/** Every command and subcommand that takes options, with its --help options. */
export function commandOptions(): CommandOptions[] {
  const help = new Help();
  const out: CommandOptions[] = [];
  const visit = (command: Command, prefix: string) => {
    const commandPath = prefix ? `${prefix} ${command.name()}` : command.name();
    const options = help.visibleOptions(command).filter((o) => o.long !== '--help');
    if (options.length > 0)
      out.push({
        path: commandPath,
        page: pageOf(commandPath),
        flags: options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
        lines: options.map((o) => `${o.flags} — ${o.description}`),
      });
    for (const sub of command.commands) visit(sub, commandPath);
  };
  for (const make of commands) visit(make(), '');
  return out;
}

/** The README and every docs page, relative to the root. */
export function docFiles(): string[] {
  return [
    'README.md',
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

export interface ShellBlock {
  file: string;
  line: number;
  runnable: boolean;
  body: string;
}

/** The ```sh and ```sh runnable blocks of a file. */
export function shellBlocks(file: string): ShellBlock[] {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```sh( runnable)?\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    blocks.push({ file, line: start + 1, runnable: !!open[1], body: body.join('\n') });
  }
  return blocks;
}

/** The pgready invocations of a shell block: the words after `pgready` up to a comment, pipe or `;`. */
export function invocations(body: string): string[][] {
  const out: string[][] = [];
  for (const raw of body.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    for (const part of line.split(/&&|\|\||;|\||\$\(|\)/)) {
      const words = part.trim().split(/\s+/);
      const at = words.findIndex((w) => w === 'pgready' || w.endsWith('/pgready') || w === 'pgready.js');
      if (
        at >= 0 &&
        (at === 0 || ['npx', 'node', 'exec'].includes(words[at - 1]!) || words[at - 1]!.includes('='))
      )
        out.push(words.slice(at + 1));
    }
  }
  return out;
}
