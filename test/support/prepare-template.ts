import { prepareTemplate } from './test-database';

prepareTemplate().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`could not prepare the test database template: ${String(error)}\n`);
    process.exit(1);
  },
);
