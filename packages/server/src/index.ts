/** The `openmart` package: the server runtime and its building blocks. */
export { startServer, serve, createLogger, VERSION, type RunningServer, type StartOptions } from './server.js';
export { loadConfig, ConfigError, ENV_VARS, type Config } from './app/config.js';
export { buildProgram, runCli } from './cli/main.js';
export { buildApp } from './http/app.js';
export { openExchange } from './app/recovery.js';
export * from './domain/index.js';
