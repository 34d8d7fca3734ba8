/** A git fixture written as a list of steps, the way the demo's `steps.json` and readable tests describe one. */
import { createScenario, type FileChanges, type Scenario, type ScenarioOptions } from './git-fixture.js';

export type ScenarioStep =
  | {
      readonly kind: 'commit';
      readonly message: string;
      readonly files?: FileChanges;
      readonly author?: string;
      readonly committer?: string;
    }
  | { readonly kind: 'branch'; readonly name: string; readonly from?: string; readonly switch?: boolean }
  | { readonly kind: 'switch'; readonly ref: string }
  | {
      readonly kind: 'merge';
      readonly ref: string;
      readonly message: string;
      readonly noFastForward?: boolean;
      readonly author?: string;
    }
  | {
      readonly kind: 'tag';
      readonly name: string;
      readonly ref?: string;
      readonly annotated?: boolean;
      readonly message?: string;
    };

/** Creates a scenario and applies the steps; the directory is removed if a step fails. */
export function buildScenario(steps: readonly ScenarioStep[], options: ScenarioOptions = {}): Scenario {
  const scenario = createScenario(options);
  try {
    applySteps(scenario, steps);
  } catch (error) {
    scenario.cleanup();
    throw error;
  }
  return scenario;
}

export function applySteps(scenario: Scenario, steps: readonly ScenarioStep[]): void {
  for (const step of steps) {
    switch (step.kind) {
      case 'commit':
        scenario.commit(step.message, step.files ?? {}, { author: step.author, committer: step.committer });
        break;
      case 'branch':
        scenario.branch(step.name, { from: step.from, switch: step.switch });
        break;
      case 'switch':
        scenario.switch(step.ref);
        break;
      case 'merge':
        scenario.merge(step.ref, step.message, { noFastForward: step.noFastForward, author: step.author });
        break;
      case 'tag':
        scenario.tag(step.name, { ref: step.ref, annotated: step.annotated, message: step.message });
        break;
    }
  }
}
