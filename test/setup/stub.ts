// Global setup (Node): one stand-in Architect for the worker tests, on a free loopback port.
import type { TestProject } from 'vitest/node';
import { startStub } from '../../stub/server.ts';

export default async function setup(project: TestProject) {
  const stub = await startStub({ apiKey: 'test-architect-key' });
  project.provide('stubUrl', stub.url);
  return () => stub.close();
}
