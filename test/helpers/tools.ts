import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** True when `command` runs; in CI a missing tool is a failure (.ci/run installs it), not a skip. */
export function toolAvailable(command: string, args: string[] = ['--version']): boolean {
  const ok = spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.CI) throw new Error(`${command} is required in CI (.ci/run installs it)`);
  return ok;
}

export const HDR_JAR = '/usr/share/java/hdrhistogram.jar';
export const CHROMIUM = '/usr/bin/chromium';

export function javaWithHdrHistogram(): string | false {
  if (!toolAvailable('java', ['-version']))
    return 'java is not installed (apt-get install default-jre-headless)';
  if (!fs.existsSync(HDR_JAR)) {
    if (process.env.CI)
      throw new Error(`${HDR_JAR} is required in CI (apt-get install libhdrhistogram-java)`);
    return `${HDR_JAR} is missing (apt-get install libhdrhistogram-java)`;
  }
  return false;
}

export function chromiumMissing(): string | false {
  if (fs.existsSync(CHROMIUM)) return false;
  if (process.env.CI) throw new Error(`${CHROMIUM} is required in CI (apt-get install chromium)`);
  return `${CHROMIUM} is not installed (apt-get install chromium)`;
}
