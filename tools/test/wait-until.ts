// Tests import waitUntil from here; it lives with the tools that also wait on real processes
// (`npm run cluster` waits for HAProxy with it), which are built and this folder is not.
export { waitUntil, type WaitOptions } from '../processes/wait-until.js';
