import { runSuite } from './run-suite.js';

await runSuite('chat');
