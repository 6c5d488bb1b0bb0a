// Global setup (Node): reads ../shared/corpus once and hands it to the tests through provide/inject.
import type { TestProject } from 'vitest/node';
import { loadChromiumCorpus } from '../corpus/load.ts';

export default async function setup(project: TestProject) {
  project.provide('corpus', await loadChromiumCorpus());
}
