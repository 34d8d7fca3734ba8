import { describe, expect, it } from 'vitest';
import { candidateBaseNames, seriesCandidates } from '../../src/dashboards/series-names.js';

describe('candidateBaseNames', () => {
  it.each([
    ['http_request_duration_seconds_bucket', ['http_request_duration_seconds_bucket', 'http_request_duration_seconds']],
    ['rpc_duration_seconds_sum', ['rpc_duration_seconds_sum', 'rpc_duration_seconds']],
    ['rpc_duration_seconds_count', ['rpc_duration_seconds_count', 'rpc_duration_seconds']],
    ['jobs_processed_total', ['jobs_processed_total', 'jobs_processed']],
    ['jobs_processed_created', ['jobs_processed_created', 'jobs_processed', 'jobs_processed_total']],
    ['app_build_info', ['app_build_info', 'app_build']],
    ['queue_depth', ['queue_depth']],
    ['_total', ['_total']],
  ])('%s', (sample, expected) => {
    expect(candidateBaseNames(sample)).toEqual(expected);
  });

  it('says which types expose each suffix', () => {
    expect(seriesCandidates('x_count')).toEqual([
      { name: 'x_count', suffix: null, types: [] },
      { name: 'x', suffix: '_count', types: ['histogram', 'summary'] },
    ]);
  });
});
