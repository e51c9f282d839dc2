#!/usr/bin/env node
// Command-line entry `ypp`: runs the TypeScript CLI through tsx, which the package installs.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
