import { dropTemplate, prepareTemplate } from './test-database';

/** `node prepare-template.js` migrates this run's template; `--drop` removes it after the run. */
const action = process.argv.includes('--drop') ? dropTemplate : prepareTemplate;
action().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`could not ${action === dropTemplate ? 'drop' : 'prepare'} the test database template: ${String(error)}\n`);
    process.exit(1);
  },
);
