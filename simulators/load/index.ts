export { runLoad, type RunLoadOptions, type LoadResult, type LoadProgress } from './run-load.js';
export { payloadFactory } from './payload.js';
