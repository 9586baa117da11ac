import type { HubConfig } from '@hub/config';

/** What one device or one address may do to the broker (defaults and docs: the config module). */
export type MqttLimits = HubConfig['mqtt']['limits'];
