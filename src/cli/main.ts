import { runProgram } from './program.js';

// `serve` keeps the process alive with its server; every other command ends here with its exit code.
process.exitCode = await runProgram(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
