import type { Deployment } from '../analyses/deployed-revision.js';
import type { PrometheusEvidence } from '../analyses/prometheus-evidence.js';

/** What `--prometheus` added to a dashboard run: where it asked, which revision runs, and each panel's evidence. */
export interface PrometheusSection {
  /** The server's URL as it may be printed (no password). */
  readonly url: string;
  readonly deployment: Deployment | null;
  readonly evidence: PrometheusEvidence;
}
