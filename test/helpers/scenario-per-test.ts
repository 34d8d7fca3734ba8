import { afterEach } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';

export interface ScenarioMaker {
  /** A new scenario repository, removed after the test that built it. */
  (): Scenario;
  /** Removes one built some other way (a clone) after the test, too. */
  adopt(repo: Scenario): Scenario;
}

/** A test file's `scenario()`, registering the clean-up once for the file. */
export function scenariosRemovedAfterEachTest(): ScenarioMaker {
  const built: Scenario[] = [];
  afterEach(() => {
    for (const repo of built.splice(0)) repo.cleanup();
  });
  const adopt = (repo: Scenario): Scenario => {
    built.push(repo);
    return repo;
  };
  return Object.assign(() => adopt(createScenario()), { adopt });
}
