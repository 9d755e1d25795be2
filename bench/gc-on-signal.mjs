// Loaded into the server by bench/memory.ts (node --expose-gc --import): SIGUSR2 runs a full garbage collection,
// so the bench reads the server's memory after garbage is gone rather than whenever V8 gets to it.
process.on('SIGUSR2', () => globalThis.gc?.());
