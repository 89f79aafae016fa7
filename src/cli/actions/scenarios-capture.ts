export async function scenariosCaptureAction(): Promise<void> {}
