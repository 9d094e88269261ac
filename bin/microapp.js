#!/usr/bin/env node
// The `microapp` command. `npm install` builds dist/ (the "prepare" script); run `npm run build` after editing src/.
require('../dist/src/cli/main.js');
