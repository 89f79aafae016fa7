/**
 * A command's action, imported only when the command runs: `pgready --help` and `--version` load
 * commander and the option definitions, never the database, load or report code behind them.
 */
export function lazyAction<Args extends unknown[]>(
  load: () => Promise<(...args: Args) => Promise<void> | void>,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    const action = await load();
    await action(...args);
  };
}
