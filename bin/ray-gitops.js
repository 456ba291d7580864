#!/usr/bin/env node
// `npx ray-gitops ...` in a clone: runs the TypeScript CLI through tsx.
require('tsx/cjs');
require('../src/cli/ray-gitops.ts');
