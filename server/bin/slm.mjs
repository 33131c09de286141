#!/usr/bin/env node
// The `slm` command: the engine is TypeScript, run through tsx (no build step). Both of tsx's
// hooks are needed: server/ is ESM, while src/domain (shared with the plugin) loads as CommonJS.
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerCjs();
registerEsm();
await import('../cli/main.ts');
