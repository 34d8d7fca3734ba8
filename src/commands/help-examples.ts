/** Examples shown at the end of each command's `--help`: the commands a new user runs first. */
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  list: ['provenance list --repo ~/src/service', 'provenance list --ref v1.2.0 --path crates/ingester --json'],
  explain: [
    'provenance explain ingester_errors_total --deployed main',
    'provenance explain ingester_errors_total --prometheus http://prometheus:9090 --deployed auto',
    'provenance explain http_requests_total --deployed v1.4.0 --only-refs main --only-refs "v*"',
  ],
  history: ['provenance history ingester_errors_total', 'provenance history x_total --only-refs main --json'],
  index: ['provenance index --repo ~/src/service', 'provenance index --only-refs main --only-refs "release/*"'],
  diff: ['provenance diff v1.3.0 v1.4.0', 'provenance diff main...feature --format markdown --fail-on removed'],
  'release-notes': ['provenance release-notes v1.3.0..v1.4.0 --dashboard grafana/service.json'],
  dashboard: [
    'provenance dashboard grafana/service.json --deployed main',
    'provenance dashboard grafana/service.json --deployed v1.4.0 --scrape http://localhost:9000/metrics --json',
    'provenance dashboard grafana/service.json --deployed main --format markdown',
    'provenance dashboard grafana/service.json --prometheus http://prometheus:9090 --deployed auto --job ingester',
  ],
  report: [
    'provenance report --deployed main --dashboard grafana/service.json --out report.html',
    'provenance report --deployed v1.4.0 --metric http_requests_total --out report.html',
  ],
  startup: ['provenance startup', 'provenance startup --ref v1.4.0 --json'],
  info: ['provenance cache info'],
  clear: ['provenance cache clear'],
};

export function examplesText(command: string): string {
  const examples = COMMAND_EXAMPLES[command] ?? [];
  return examples.length === 0 ? '' : `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n`;
}
