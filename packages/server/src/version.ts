/** The openmart version, shown by `openmart --version` and /healthz. */
export const VERSION = '0.1.0';
