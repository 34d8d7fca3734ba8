import { describe, expect, it } from 'vitest';
import { buildInfoInstances, deploymentFromBuildInfo, revisionsNamedBy } from '../../src/analyses/deployed-revision.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('revisionsNamedBy', () => {
  it('reads SHA prefixes, git describe output and versions as tags', () => {
    expect(revisionsNamedBy('83B7D94')).toEqual(['83b7d94', 'refs/tags/v83B7D94', 'refs/tags/83B7D94']);
    expect(revisionsNamedBy('v1.4.0-12-g83b7d94')).toEqual(['83b7d94', 'refs/tags/v1.4.0-12-g83b7d94']);
    expect(revisionsNamedBy('1.4.0')).toEqual(['refs/tags/v1.4.0', 'refs/tags/1.4.0']);
    expect(revisionsNamedBy('v1.4.0')).toEqual(['refs/tags/v1.4.0']);
    // Nothing that git would read as revision syntax.
    expect(revisionsNamedBy('HEAD~3')).toEqual([]);
    expect(revisionsNamedBy('main..evil')).toEqual([]);
    expect(revisionsNamedBy('--output=x')).toEqual([]);
  });

  it('takes the most specific label first and skips series without one', () => {
    const instances = buildInfoInstances([
      { __name__: 'api_build_info', job: 'api', instance: 'a:1', version: '1.4.0', revision: '83b7d94' },
      { __name__: 'api_build_info', job: 'api', instance: 'a:2', goversion: 'go1.22' },
    ]);
    expect(instances).toEqual([
      {
        metric: 'api_build_info',
        job: 'api',
        instance: 'a:1',
        claims: [
          { label: 'revision', value: '83b7d94', revisions: ['83b7d94', 'refs/tags/v83b7d94', 'refs/tags/83b7d94'] },
          { label: 'version', value: '1.4.0', revisions: ['refs/tags/v1.4.0', 'refs/tags/1.4.0'] },
        ],
      },
    ]);
  });
});

describe('deploymentFromBuildInfo', () => {
  const tips = [
    { ref: 'main', commit: A },
    { ref: 'v1.0', commit: A },
    { ref: 'feature', commit: B },
  ];
  const at = (job: string, instance: string, commit: string | null, value = commit?.slice(0, 7) ?? 'zzz') => ({ metric: 'api_build_info', job, instance, label: 'revision', value, commit });

  it('one revision everywhere: production runs it', () => {
    const d = deploymentFromBuildInfo([at('api', 'a:1', A), at('api', 'a:2', A), at('api', 'a:3', A)], tips, 'main');
    expect(d.chosen).toEqual({ ref: 'main', commit: A });
    expect(d.mixed).toBe(false);
    expect(d.sentences).toEqual([`production runs ${A.slice(0, 10)} (from api_build_info{revision="aaaaaaa"}, job api, 3 instances), which is main, v1.0`]);
  });

  it('different revisions: each job for itself, the most instances analysed, unknown revisions named', () => {
    const d = deploymentFromBuildInfo([at('api', 'a:1', A), at('api', 'a:2', B), at('worker', 'w:1', B), at('worker', 'w:2', null)], tips, 'main');
    expect(d.chosen).toEqual({ ref: 'feature', commit: B });
    expect(d.mixed).toBe(true);
    expect(d.sentences).toEqual([
      "jobs or instances run different revisions; each job's:",
      `job api runs 2 revisions (a rollout in progress?): ${A.slice(0, 10)} (from api_build_info{revision="aaaaaaa"}, 1 instance), which is main, v1.0 on a:1; ${B.slice(0, 10)} (from api_build_info{revision="bbbbbbb"}, 1 instance), which is feature on a:2`,
      `job worker runs 2 revisions (a rollout in progress?): ${B.slice(0, 10)} (from api_build_info{revision="bbbbbbb"}, 1 instance), which is feature on w:1; zzz (from api_build_info{revision="zzz"}, 1 instance) on w:2`,
      `analysed against ${B.slice(0, 10)} (feature), the revision most instances run; pass --job JOB for another job, or --deployed REF`,
      'api_build_info{revision="zzz"} (job worker) names no commit or tag of this repository',
    ]);
  });

  it('nothing resolved: no revision chosen', () => {
    expect(deploymentFromBuildInfo([at('api', 'a:1', null)], tips, 'main').chosen).toBeNull();
  });
});
