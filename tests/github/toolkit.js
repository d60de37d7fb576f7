// toolkit.js - print, with the GitHub Actions toolkit (@actions/core), the workflow commands for
// the findings of a `slimfile --format=json` file: the reference slimfile's github format is
// compared against (see run.sh, validate.py).
//   node toolkit.js findings.json
'use strict';
const fs = require('fs');
const core = require('@actions/core');

const findings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const command = { error: core.error, warning: core.warning, info: core.notice, style: core.notice };
for (const f of findings) {
  const props = { title: `slimfile ${f.rule}`, file: f.file, startLine: f.line, endLine: f.end_line };
  if (f.line === f.end_line) {
    props.startColumn = f.column;
    props.endColumn = f.end_column;
  }
  command[f.severity](f.message, props);
}
