import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/dashboards/exposition.js';

const read = (name: string) => parseExposition(readFileSync(`fixtures/scrapes/${name}`, 'utf8'));

describe('parseExposition', () => {
  it('reads the 0.0.4 text format, collecting bad lines as warnings', () => {
    const e = read('app-0.0.4.prom');
    expect(e.families.map((f) => [f.name, f.type, f.sampleNames, f.labelNames, f.sampleCount, f.line])).toEqual([
      ['http_requests_total', 'counter', ['http_requests_total'], ['method', 'status'], 2, 1],
      [
        'http_request_duration_seconds',
        'histogram',
        ['http_request_duration_seconds_bucket', 'http_request_duration_seconds_sum', 'http_request_duration_seconds_count'],
        ['le'],
        5,
        5,
      ],
      ['rpc_duration_seconds', 'summary', ['rpc_duration_seconds', 'rpc_duration_seconds_sum', 'rpc_duration_seconds_count'], ['quantile'], 4, 12],
      ['build_info', 'gauge', ['build_info'], ['version', 'path', 'msg'], 1, 19],
      ['api_open_connections', 'untyped', ['api_open_connections'], [], 1, 23],
      ['metric_without_timestamp_and_labels', 'untyped', ['metric_without_timestamp_and_labels'], [], 1, 24],
      ['process_resident_memory_bytes', 'untyped', ['process_resident_memory_bytes'], [], 1, 26],
    ]);
    expect(e.families[3]?.help).toBe('Build information with "quotes" and a \\ backslash\nsecond line.');
    expect(e.warnings).toEqual([
      { line: 22, message: "invalid value 'line' for sample this" },
      { line: 25, message: "expected ',' or '}' at column 25" },
    ]);
    expect(e.eof).toBe(false);
  });

  it('reads OpenMetrics: _total and _created under the counter, units, info, exemplars and # EOF', () => {
    expect(read('openmetrics.prom')).toEqual({
      families: [
        {
          name: 'worker_jobs_processed',
          type: 'counter',
          help: 'Jobs processed.',
          unit: null,
          sampleNames: ['worker_jobs_processed_total', 'worker_jobs_processed_created'],
          labelNames: ['queue'],
          sampleCount: 2,
          line: 1,
        },
        {
          name: 'worker_queue_depth',
          type: 'gauge',
          help: null,
          unit: 'jobs',
          sampleNames: ['worker_queue_depth'],
          labelNames: ['queue'],
          sampleCount: 1,
          line: 5,
        },
        {
          name: 'app_build',
          type: 'info',
          help: null,
          unit: null,
          sampleNames: ['app_build_info'],
          labelNames: ['version'],
          sampleCount: 1,
          line: 8,
        },
      ],
      warnings: [],
      eof: true,
    });
  });

  it.each([
    ['foo{a="b"}1', "expected a space before the value of foo"],
    ['foo', 'sample foo has no value'],
    ['foo 1 abc', "invalid timestamp 'abc' for sample foo"],
    ['foo 1 2 3', "unexpected '3' after the timestamp of sample foo"],
    ['foo{a=b} 1', 'expected a quoted value for label a at column 7'],
    ['foo{a="b} 1', 'unterminated quoted string starting at column 7'],
    ['foo{="b"} 1', 'expected a label name at column 5'],
    ['1foo 1', "invalid metric or label name '1foo'"],
    ['# TYPE foo countr', "unknown metric type 'countr' for foo"],
    ['# HELP', '# HELP without a metric name'],
  ])('warns about %j', (line, message) => {
    expect(parseExposition(`ok 1\n${line}\nalso_ok 2\n`)).toMatchObject({
      families: [{ name: 'ok' }, { name: 'also_ok' }],
      warnings: [{ line: 2, message }],
    });
  });

  it('accepts special values, CRLF, blank lines, escaped quotes and quoted names', () => {
    const e = parseExposition(
      'a +Inf\r\nb -Inf\r\n\r\nc NaN\r\nd{msg="say \\"hi\\", ok"} 1\r\n{"my.metric", "service.name"="x"} 1\r\n',
    );
    expect(e.warnings).toEqual([]);
    expect(e.families.map((f) => [f.name, f.labelNames])).toEqual([
      ['a', []],
      ['b', []],
      ['c', []],
      ['d', ['msg']],
      ['my.metric', ['service.name']],
    ]);
  });

  it('warns about TYPE after samples, repeated HELP and content after # EOF', () => {
    const e = parseExposition('x 1\n# TYPE x gauge\n# HELP x one\n# HELP x two\n# EOF\ny 1\n');
    expect(e.families).toMatchObject([{ name: 'x', type: 'gauge', help: 'two' }]);
    expect(e.warnings).toEqual([
      { line: 2, message: '# TYPE for x after its samples' },
      { line: 4, message: 'second # HELP for x' },
      { line: 6, message: 'content after # EOF is ignored' },
    ]);
    expect(e.eof).toBe(true);
  });

  it('does not attach suffixed samples to a family of the wrong type', () => {
    const e = parseExposition('# TYPE jobs gauge\njobs 1\njobs_count 2\n');
    expect(e.families.map((f) => [f.name, f.sampleNames])).toEqual([
      ['jobs', ['jobs']],
      ['jobs_count', ['jobs_count']],
    ]);
  });

  // Speed belongs to `npm run bench`; the timeout is only a hang bound: a quadratic scan of 5 MB never finishes in it.
  it('handles enormous label values (a quadratic scan would hang)', { timeout: 30_000 }, () => {
    const huge = 'v'.repeat(5_000_000) + '\\"';
    const e = parseExposition(`big{a="${huge}",b="x"} 1\n`);
    expect(e.warnings).toEqual([]);
    expect(e.families[0]?.labelNames).toEqual(['a', 'b']);
  });
});
