#!/usr/bin/env node
// The `openmart` command. The sources are TypeScript run through tsx: register
// its loader, then hand over to src/main.ts (the composition root: the CLI
// program with the server runtime behind `openmart serve`).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
