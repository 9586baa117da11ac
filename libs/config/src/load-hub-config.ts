import { resolve, join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { HubConfig } from './hub-config.js';
import { HubEnvironment } from './hub-environment.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** Turns a class-validator failure into words an operator can act on. */
function describe(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  // A value of the wrong type fails the range checks too; only the type problem is useful then.
  const chosen = constraints.isInt ? { isInt: constraints.isInt } : constraints;
  return Object.values(chosen)
    .map((message) => message.replace(new RegExp(`^${error.property} `), ''))
    .join('; ');
}

/** Validates the variables the hub knows; unknown variables are ignored. Pure: the caller passes the environment. */
export function loadHubConfig(env: Environment): HubConfig {
  const known = Object.keys(new HubEnvironment());
  const given: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') given[key] = value;
  }
  const parsed = plainToInstance(HubEnvironment, given, { exposeDefaultValues: true });
  const problems: ConfigProblem[] = validateSync(parsed).map((e) => ({
    variable: e.property,
    value: given[e.property],
    allowed: describe(e),
  }));
  if (parsed.HUB_EVENT_STORE === 'eventstoredb' && !parsed.HUB_EVENTSTORE_URL) {
    problems.push({
      variable: 'HUB_EVENTSTORE_URL',
      value: undefined,
      allowed:
        'required when HUB_EVENT_STORE=eventstoredb (e.g. esdb://node1:2113,node2:2113?tls=false)',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(parsed.HUB_DATA_DIR);
  return {
    mqtt: { host: parsed.HUB_BIND_HOST, port: parsed.HUB_MQTT_PORT },
    http: { host: parsed.HUB_BIND_HOST, port: parsed.HUB_HTTP_PORT },
    dataDir,
    logLevel: parsed.HUB_LOG_LEVEL,
    eventStore: {
      kind: parsed.HUB_EVENT_STORE,
      eventStoreDbUrl: parsed.HUB_EVENTSTORE_URL,
      sqlite: {
        file: join(dataDir, 'events.sqlite'),
        synchronous: parsed.HUB_STORE_SYNCHRONOUS,
        groupCommitWindowMs: parsed.HUB_GROUP_COMMIT_MS,
        groupCommitMaxEvents: parsed.HUB_GROUP_COMMIT_MAX_EVENTS,
      },
    },
    readModels: { file: join(dataDir, 'read-models.sqlite') },
    adminToken: parsed.HUB_ADMIN_TOKEN,
  };
}
