/**
 * The requests themselves, through node:http and node:https. Loaded at the first request: those modules
 * (and TLS) take a few ms to load, which every run without `--prometheus` or `--scrape` would pay.
 */
import http from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import type { InputFileError } from '../errors.js';
import type { TrustedCas } from './trusted-cas.js';

export interface Exchange {
  readonly sent: http.ClientRequest;
  readonly response: http.IncomingMessage;
}

/** node:http(s) rather than fetch: Node 20's fetch cannot take CAs without undici's Agent. */
export function get(url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal, trusted: TrustedCas | null): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: http.RequestOptions = { headers, signal, ...(secure && trusted !== null ? { agent: agentTrusting(trusted) } : {}) };
    const answered = (response: http.IncomingMessage) => resolve({ sent, response });
    const sent = secure ? https.get(url, options, answered) : http.get(url, options, answered);
    // `on`, not `once`: a request can fail again after its response began, and an unheard 'error' would crash.
    sent.on('error', reject);
  });
}

const agents = new WeakMap<TrustedCas, https.Agent>();

/** One agent per set of CAs: the context is built once (tens of ms for ~300 roots), and connections are kept alive. */
function agentTrusting(trusted: TrustedCas): https.Agent {
  let agent = agents.get(trusted);
  if (agent === undefined) {
    agent = new https.Agent({ keepAlive: true, secureContext: createSecureContext({ ca: [...trusted.certificates] }) });
    agents.set(trusted, agent);
  }
  return agent;
}

export async function readLimited(sent: http.ClientRequest, response: http.IncomingMessage, maxBytes: number, fail: (message: string) => InputFileError): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      sent.destroy(); // closes the connection: nothing more of this answer is wanted
      throw fail(`the response exceeds the ${maxBytes} byte limit; cut off`);
    }
    chunks.push(chunk);
  }
  if (!response.complete) throw new Error('the connection closed before the answer was complete');
  return Buffer.concat(chunks).toString('utf8');
}
