#!/usr/bin/env node
// The published command: the built CLI (`pnpm build`). In the repository, `pnpm draftsmith …` runs it from source.
import '../dist/cli/main.js'
