import { installInterruptHandlers } from "./interrupt.js";

// imported first by main.ts, so that SIGINT and SIGTERM are handled from the start (interrupt.ts)
installInterruptHandlers();
