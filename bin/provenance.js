#!/usr/bin/env node
// One bundled file per command (dist/bundle): loading a few files starts much faster than loading every module.
import '../dist/bundle/cli.js';
