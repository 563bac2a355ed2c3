#!/usr/bin/env node
// Writes nodes/SpherePay/helpers/countries.ts from i18n-iso-countries (test/tooling/countries.js).
const path = require('node:path');

const { write } = require('../test/tooling/countries');

console.log(`wrote ${path.relative(process.cwd(), write())}`);
